package dev.scalelab.pruning.cli;

import dev.scalelab.core.UserInputException;
import dev.scalelab.core.run.Provenance;
import dev.scalelab.core.task.TaskData;
import dev.scalelab.core.task.TaskFactory;
import dev.scalelab.core.task.TaskSpec;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.sweep.ProvenanceProbe;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the prune subcommands share: data loading, provenance, output directories. */
final class Common {
    private Common() {
    }

    static TaskData load(TaskSpec task) {
        return TaskFactory.withDefaultDataDir().create(task);
    }

    static Provenance provenance(ComputeBackend backend, String command) {
        return ProvenanceProbe.probe(backend, command, Runtime.getRuntime().availableProcessors());
    }

    static Path outDir(Path out, String fallback) {
        Path dir = out != null ? out : Path.of("out", "prune", fallback);
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UserInputException("--out: " + dir + " exists and is not a directory");
        }
        return dir;
    }

    static String pct(double fraction) {
        return Double.isNaN(fraction) ? "-" : String.format(java.util.Locale.ROOT, "%.2f", 100 * fraction);
    }

    /** "mean (sd)" in percent; just the mean when there is no sd (one seed). */
    static String pct(double mean, double sd) {
        return Double.isNaN(sd) ? pct(mean) : pct(mean) + " (" + pct(sd) + ")";
    }
}
