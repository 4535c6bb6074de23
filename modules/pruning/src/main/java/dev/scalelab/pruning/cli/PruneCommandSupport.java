package dev.scalelab.pruning.cli;

import dev.scalelab.core.run.Invocation;
import dev.scalelab.core.run.OutputPaths;
import dev.scalelab.core.run.Provenance;
import dev.scalelab.core.run.ProvenanceProbe;
import dev.scalelab.core.task.TaskData;
import dev.scalelab.core.task.TaskFactory;
import dev.scalelab.core.task.TaskSpec;
import dev.scalelab.engine.compute.ComputeBackend;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;

/** What the prune subcommands share: data loading, provenance, output directories. */
final class PruneCommandSupport {
    private PruneCommandSupport() {
    }

    static TaskData load(TaskSpec task) {
        return TaskFactory.withDefaultDataDir().create(task);
    }

    /** The backend's facts and this process's, with the command line as typed. */
    static Provenance provenance(ComputeBackend backend, CommandSpec spec) {
        return ProvenanceProbe.probe(backend.provenance(),
                Invocation.of(spec.commandLine().getParseResult().originalArgs()));
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
