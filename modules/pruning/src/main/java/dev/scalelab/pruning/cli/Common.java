package dev.scalelab.pruning.cli;

import dev.scalelab.core.run.OutputPaths;
import dev.scalelab.core.run.Provenance;
import dev.scalelab.core.task.TaskData;
import dev.scalelab.core.task.TaskFactory;
import dev.scalelab.core.task.TaskSpec;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.sweep.ProvenanceProbe;
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

    /** {@code <out>/<name>}: the output root is checked and created, and the name cannot leave it. */
    static Path runDir(Path out, String fallback, String name) {
        Path root = OutputPaths.prepareDirectory(out != null ? out : Path.of("out", "prune", fallback), "--out");
        return OutputPaths.inside(root, name);
    }

    static String pct(double fraction) {
        return Double.isNaN(fraction) ? "-" : String.format(java.util.Locale.ROOT, "%.2f", 100 * fraction);
    }

    /** "mean (sd)" in percent; just the mean when there is no sd (one seed). */
    static String pct(double mean, double sd) {
        return Double.isNaN(sd) ? pct(mean) : pct(mean) + " (" + pct(sd) + ")";
    }
}
