package dev.scalelab.cli.sweep;

import dev.scalelab.core.UserInputException;
import dev.scalelab.core.run.RunScan;
import dev.scalelab.core.run.RunTable;
import dev.scalelab.core.run.SweepDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code scalelab sweep table DIR}: one row per complete run, in the fitter's columns (docs/run-logs.md). */
@Command(name = "table", mixinStandardHelpOptions = true,
        description = {"Print one row per complete run: run_id, status, every config.* key, then params, samples, "
                + "flops, steps, final/best train/test loss, wall_seconds.",
            "The CSV feeds './scalelab fit' as is (N=params, D=samples, C=flops, loss=final_test_loss)."})
public final class SweepTableCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "sweep directory, or any directory holding run logs "
            + "(e.g. a prune run: every summary.json below it)")
    private Path dir;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "csv",
            description = "csv, md or json (default ${DEFAULT-VALUE})")
    private String format;

    @Override
    public Integer call() throws Exception {
        RunTable.Format f = RunTable.Format.parse(format);
        RunScan scan = scan(dir);
        RunTable table = new RunTable(scan.complete().values());
        spec.commandLine().getOut().print(table.render(f));
        spec.commandLine().getOut().flush();
        if (scan.warning() != null) {
            spec.commandLine().getErr().println(scan.warning());
            spec.commandLine().getErr().flush();
        }
        return 0;
    }

    /**
     * Every run below {@code dir}, a sweep directory or any directory of run logs (e.g. prune runs); refuses a
     * directory that is neither.
     */
    static RunScan scan(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new UserInputException(dir + ": no such sweep directory");
        }
        RunScan scan = RunScan.of(dir);
        if (!isSweep(dir) && scan.complete().isEmpty() && scan.unreadable().isEmpty()) {
            throw new UserInputException(dir + ": not a sweep directory (no " + SweepDirectory.MANIFEST
                    + ") and no run logs (summary.json) below it");
        }
        return scan;
    }

    private static boolean isSweep(Path dir) {
        return Files.isRegularFile(dir.resolve(SweepDirectory.MANIFEST))
                || Files.isRegularFile(dir.resolve(SweepDirectory.INDEX));
    }

    static SweepDirectory open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new UserInputException(dir + ": no such sweep directory");
        }
        if (!isSweep(dir)) {
            throw new UserInputException(dir + ": not a sweep directory (no " + SweepDirectory.MANIFEST + ")");
        }
        return new SweepDirectory(dir);
    }
}
