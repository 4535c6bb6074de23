package dev.scalelab.cli;

import dev.scalelab.core.UserInputException;
import dev.scalelab.core.plot.Plotter;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code scalelab} command: one subcommand per experiment or tool. */
@Command(name = "scalelab", mixinStandardHelpOptions = true, version = "ScaleLab 0.1.0",
        description = "Measure what deep-learning theory predicts: memorization, pruning, scaling laws.",
        subcommands = {MemorizeCommand.class, dev.scalelab.cli.sweep.SweepCommand.class,
            dev.scalelab.scaling.cli.FitCommand.class, dev.scalelab.cli.bench.BenchCommand.class,
            dev.scalelab.pruning.cli.PruneCommand.class, dev.scalelab.cli.theory.SawtoothCommand.class,
            dev.scalelab.cli.doctor.DoctorCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI; user errors become one line on stderr and exit code 2, never a stack trace. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, Plotter.files());
    }

    /** As {@link #run(String[], PrintWriter, PrintWriter)}, drawing every figure through {@code plotter}. */
    public static int run(String[] args, PrintWriter out, PrintWriter err, Plotter plotter) {
        CommandLine cli = new CommandLine(new Main(), new CommandFactory(plotter));
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            Throwable cause = ex;
            while (cause != null && !(cause instanceof UserInputException) && !isScalingInputError(cause)) {
                cause = cause.getCause();
            }
            if (cause != null) {
                err.println("error: " + cause.getMessage());
                return 2;
            }
            throw ex;
        });
        cli.setParameterExceptionHandler((ex, argv) -> {
            err.println("error: " + ex.getMessage());
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            return 2;
        });
        return cli.execute(args);
    }

    private static boolean isScalingInputError(Throwable t) {
        return t.getClass().getName().equals("dev.scalelab.scaling.data.InputException");
    }
}
