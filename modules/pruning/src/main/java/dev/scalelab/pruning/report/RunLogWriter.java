package dev.scalelab.pruning.report;

import dev.scalelab.core.run.AtomicFiles;
import dev.scalelab.core.run.JsonLines;
import dev.scalelab.core.run.MetricLine;
import dev.scalelab.core.run.Provenance;
import dev.scalelab.core.run.RunLogs;
import dev.scalelab.core.run.RunSummary;
import dev.scalelab.engine.train.ModelOutcome;
import dev.scalelab.engine.train.ModelStatus;
import dev.scalelab.engine.train.TrainingListener;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The run logs (docs/run-logs.md) of K models trained as one batch: per model a directory with metrics.jsonl
 * (appended as training goes), and at the end provenance.json and summary.json (written last, atomically), so
 * that {@code sweep table} and the fitter read pruning results like any other runs.
 */
public final class RunLogWriter implements Closeable {
    private final List<Path> dirs;
    private final JsonLines.Writer[] metrics;
    private final String started = Instant.now().toString();

    /** Opens (truncating) metrics.jsonl in each of {@code dirs}, one per model of the batch. */
    public RunLogWriter(List<Path> dirs) throws IOException {
        this.dirs = List.copyOf(dirs);
        this.metrics = new JsonLines.Writer[dirs.size()];
        for (int m = 0; m < dirs.size(); m++) {
            Files.createDirectories(dirs.get(m));
            metrics[m] = JsonLines.open(dirs.get(m).resolve("metrics.jsonl"), true);
        }
    }

    /** Appends each logged step to its model's metrics.jsonl, then passes it on. */
    public TrainingListener listener(TrainingListener next) {
        return s -> {
            try {
                metrics[s.model()].append(new MetricLine(s.step(), s.samples(), s.flops(), s.wallSeconds(),
                        RunLogs.finite(s.trainLoss()), RunLogs.finite(s.testLoss()), RunLogs.finite(s.testAccuracy())));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            next.onMetrics(s);
        };
    }

    /**
     * Writes model m's provenance and summary. {@code params} counts what the model uses (kept weights plus
     * trained biases); {@code config} is the flat config of this run (the experiment's keys plus its own).
     */
    public void finish(int model, String runId, ModelOutcome o, long params, Map<String, Object> config, long seed,
                       int batchModels, Provenance provenance, double wallSeconds) throws IOException {
        boolean diverged = o.status() == ModelStatus.DIVERGED;
        RunSummary s = new RunSummary(RunLogs.SCHEMA_VERSION, runId, diverged ? RunSummary.DIVERGED : RunSummary.DONE,
                params, o.samples(), 6.0 * params * o.samples(), o.steps(), RunLogs.finite(o.finalTrainLoss()),
                RunLogs.finite(o.finalTestLoss()), RunLogs.finite(o.bestTrainLoss()), RunLogs.finite(o.bestTestLoss()),
                RunLogs.finite(o.finalTestAccuracy()), false, diverged ? o.divergedAtStep() : null, null, wallSeconds,
                new TreeMap<>(config));
        Path dir = dirs.get(model);
        AtomicFiles.write(dir.resolve("provenance.json"),
                RunLogs.pretty(provenance.withTimes(seed, started, Instant.now().toString(), batchModels)), false);
        AtomicFiles.write(dir.resolve("summary.json"), RunLogs.pretty(s));
    }

    @Override
    public void close() throws IOException {
        for (JsonLines.Writer w : metrics) {
            w.close();
        }
    }
}
