package dev.scalelab.cli;

import dev.scalelab.core.UserInputException;
import dev.scalelab.core.env.Variable;
import dev.scalelab.core.plot.Plotter;
import dev.scalelab.core.run.BuildInfo;
import dev.scalelab.core.run.OutputPaths;
import java.io.PrintWriter;
import java.nio.file.FileSystemException;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code scalelab} command: one subcommand per experiment or tool. */
@Command(name = "scalelab", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Measure what deep-learning theory predicts: memorization, pruning, scaling laws.",
        subcommands = {MemorizeCommand.class, dev.scalelab.cli.sweep.SweepCommand.class,
            dev.scalelab.scaling.cli.FitCommand.class, dev.scalelab.cli.bench.BenchCommand.class,
            dev.scalelab.pruning.cli.PruneCommand.class, dev.scalelab.cli.theory.SawtoothCommand.class,
            dev.scalelab.cli.theory.IntrinsicDimensionCommand.class, dev.scalelab.cli.theory.ConstructCommand.class,
            dev.scalelab.cli.doctor.DoctorCommand.class, CompletionCommand.class})
public final class Main {

    /** {@code --version}: the version and the commit the jar was built from, with whether the tree was dirty. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            BuildInfo b = BuildInfo.current();
            return new String[] {"ScaleLab " + b.version() + ", built from commit " + b.commit()
                    + (b.dirty() == null ? "" : b.dirty() ? " (dirty: tracked files differed from the commit)"
                            : " (clean)")};
        }
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI; user errors become one line on stderr and exit code 2, never a stack trace. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, Plotter.files());
    }

    /** As {@link #run(String[], PrintWriter, PrintWriter)}, drawing every figure through {@code plotter}. */
    public static int run(String[] args, PrintWriter out, PrintWriter err, Plotter plotter) {
        return run(args, out, err, plotter, System.getenv());
    }

    /** As {@link #run(String[], PrintWriter, PrintWriter, Plotter)} in the environment {@code env}. */
    static int run(String[] args, PrintWriter out, PrintWriter err, Plotter plotter, Map<String, String> env) {
        Optional<String> badVariable = Variable.firstProblem(env);
        if (badVariable.isPresent()) {
            err.println("error: " + badVariable.get());
            return 2;
        }
        CommandLine cli = new CommandLine(new Main(), new CommandFactory(plotter));
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            String message = userMessage(ex);
            if (message != null) {
                err.println("error: " + oneLine(message));
                return 2;
            }
            throw ex;
        });
        cli.setParameterExceptionHandler((ex, argv) -> {
            err.println("error: " + oneLine(ex.getMessage()) + " (see '"
                    + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return 2;
        });
        return cli.execute(args);
    }

    /**
     * The one-line message of a problem the user caused, or null for a bug: a {@link UserInputException} (or the
     * scaling module's input error) anywhere in the cause chain, else a file-system error on a path the user
     * named (a file where a directory should be, a read-only or pseudo file system, a missing permission).
     */
    static String userMessage(Throwable ex) {
        for (Throwable c = ex; c != null; c = c.getCause()) {
            if (c instanceof UserInputException || isScalingInputError(c)) {
                return c.getMessage();
            }
        }
        for (Throwable c = ex; c != null; c = c.getCause()) {
            if (c instanceof FileSystemException fse) {
                String file = fse.getFile() == null ? "" : fse.getFile() + ": ";
                String other = fse.getOtherFile() == null ? "" : " (" + fse.getOtherFile() + ")";
                return file + "cannot write or read here: " + OutputPaths.reason(fse) + other;
            }
        }
        return null;
    }

    private static String oneLine(String message) {
        return message == null ? "unknown problem" : message.strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    private static boolean isScalingInputError(Throwable t) {
        return t.getClass().getName().equals("dev.scalelab.scaling.data.InputException");
    }
}
