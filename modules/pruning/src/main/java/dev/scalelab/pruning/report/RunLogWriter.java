package dev.scalelab.pruning.report;

import dev.scalelab.core.run.MetricLine;
import dev.scalelab.core.run.Provenance;
import dev.scalelab.core.run.RunLogs;
import dev.scalelab.core.run.RunStore;
import dev.scalelab.core.run.RunSummary;
import dev.scalelab.core.run.RunWriter;
import dev.scalelab.engine.train.ModelOutcome;
import dev.scalelab.engine.train.TrainingListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The run logs (docs/run-logs.md) of K models trained as one batch, written through the {@link RunStore}: per
 * model a run with metrics.jsonl (appended as training goes), and at the end provenance.json and summary.json
 * (committed last, atomically), so that {@code sweep table} and the fitter read pruning results like any other runs.
 */
public final class RunLogWriter {
    private final List<RunWriter> runs;
    private final String started = Instant.now().toString();

    /** Prepares (clearing what an earlier attempt left) each of {@code runs}, one per model of the batch. */
    public RunLogWriter(RunStore store, List<String> runs) throws IOException {
        this.runs = new ArrayList<>(runs.size());
        for (String run : runs) {
            this.runs.add(store.prepare(run));
        }
    }

    /** Appends each logged step to its model's metrics.jsonl, then passes it on. */
    public TrainingListener listener(TrainingListener next) {
        return s -> {
            try {
                runs.get(s.model()).append(new MetricLine(s.step(), s.samples(), s.flops(), s.wallSeconds(),
                        RunLogs.finite(s.trainLoss()), RunLogs.finite(s.testLoss()), RunLogs.finite(s.testAccuracy())));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            next.onMetrics(s);
        };
    }

    /**
     * Commits model m's run: its provenance and summary. {@code params} counts what the model uses (kept weights
     * plus trained biases); {@code config} is the flat config of this run (the experiment's keys plus its own).
     */
    public void finish(int model, String runId, ModelOutcome o, long params, Map<String, Object> config, long seed,
                       int batchModels, Provenance provenance, double wallSeconds) throws IOException {
        RunSummary s = o.summary(runId, params, wallSeconds, new TreeMap<>(config), null);
        runs.get(model).commit(s, provenance.withTimes(seed, started, Instant.now().toString(), batchModels), null);
    }
}
