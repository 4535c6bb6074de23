package dev.scalelab.engine.sweep;

import dev.scalelab.core.config.RunConfig;
import dev.scalelab.core.run.JsonLines;
import dev.scalelab.core.run.MetricLine;
import dev.scalelab.core.run.Provenance;
import dev.scalelab.core.run.RunLogs;
import dev.scalelab.core.run.RunSummary;
import dev.scalelab.core.run.SweepDirectory;
import dev.scalelab.core.spec.MlpSpec;
import dev.scalelab.core.spec.TrainSpec;
import dev.scalelab.core.task.TaskData;
import dev.scalelab.core.task.TaskFactory;
import dev.scalelab.core.task.TaskSpec;
import dev.scalelab.engine.compute.Backends;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.compute.Precision;
import dev.scalelab.engine.model.MlpBatch;
import dev.scalelab.engine.train.ModelOutcome;
import dev.scalelab.engine.train.ModelStatus;
import dev.scalelab.engine.train.StepMetrics;
import dev.scalelab.engine.train.Trainer;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs one batched job on its own backend and writes each run's directory: config.yaml first, metrics.jsonl as
 * training goes; then it hands each run's summary and provenance to the sweep's committer, which writes them
 * (summary.json last, atomically: it marks the run complete). An exception anywhere marks every run of the job
 * that was not handed over yet as failed, with the exception's message.
 */
final class JobExecutor {
    private final SweepDirectory dir;
    private final SweepListener listener;
    private final Consumer<Commit> committer;
    private final TaskFactory tasks;

    /** Seconds spent, for the orchestration-overhead figures. */
    double trainSeconds;
    double loggingSeconds;
    double dataSeconds;
    double writeSeconds;

    /**
     * A finished run to be written: its metrics file closed, config.yaml and provenance.json, then summary.json,
     * then its index line. {@code metrics} may be null.
     */
    record Commit(RunConfig run, RunSummary summary, String started, String ended, int jobModels,
                  JsonLines.Writer metrics) {

        /** This run's provenance.json: the sweep's, stamped with the run's seed, times and job size. */
        Provenance provenance(Provenance sweep) {
            return sweep.withTimes(run.model().seed(), started, ended, jobModels);
        }
    }

    JobExecutor(SweepDirectory dir, SweepListener listener, Consumer<Commit> committer, TaskFactory tasks) {
        this.dir = dir;
        this.listener = listener;
        this.committer = committer;
        this.tasks = tasks;
    }

    /** Runs a job whose run directories {@code prepared} creates (on the committer's thread, ahead of time). */
    void execute(RunJob job, java.util.concurrent.Future<?> prepared) {
        List<RunConfig> runs = job.runs();
        int k = runs.size();
        String[] ids = new String[k];
        String[] started = new String[k];
        JsonLines.Writer[] metrics = new JsonLines.Writer[k];
        boolean[] finished = new boolean[k];
        double[] lastWall = new double[k];
        long jobStart = System.nanoTime();
        try {
            long w0 = System.nanoTime();
            String now = Instant.now().toString();
            for (int m = 0; m < k; m++) {
                ids[m] = runs.get(m).id();
                started[m] = now;
            }
            try {
                prepared.get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof Exception ex ? ex : new IOException(e.getCause());
            }
            for (int m = 0; m < k; m++) {
                metrics[m] = JsonLines.open(dir.file(ids[m], SweepDirectory.METRICS), true);
            }
            writeSeconds += (System.nanoTime() - w0) / 1e9;
            RunConfig first = runs.get(0);
            MlpSpec spec = first.mlpSpec();
            TrainSpec trainSpec = first.trainSpec();
            long t0 = System.nanoTime();
            List<TaskData> data = new ArrayList<>(k);
            Map<TaskSpec, TaskData> cache = new HashMap<>();
            long[] seeds = new long[k];
            double[] scales = new double[k];
            double[] lrs = new double[k];
            for (int m = 0; m < k; m++) {
                RunConfig r = runs.get(m);
                data.add(cache.computeIfAbsent(r.taskSpec(), tasks::create));
                seeds[m] = r.model().seed();
                scales[m] = r.model().initScale();
                lrs[m] = r.train().lr();
            }
            dataSeconds += (System.nanoTime() - t0) / 1e9;

            long[] inListener = new long[1];
            IOException[] writeError = new IOException[1];
            long trainStart = System.nanoTime(); // backend, initial weights and the training loop
            List<ModelOutcome> outcomes;
            try (ComputeBackend backend = Backends.create(first.backend(), Precision.FP32)) {
                MlpBatch models = MlpBatch.initialize(backend, spec, first.initSpec(), seeds, scales);
                outcomes = new Trainer(backend).train(models, trainSpec, data, lrs, seeds, (StepMetrics s) -> {
                    long l0 = System.nanoTime();
                    lastWall[s.model()] = s.wallSeconds();
                    try {
                        metrics[s.model()].append(new MetricLine(s.step(), s.samples(), s.flops(), s.wallSeconds(),
                                RunLogs.finite(s.trainLoss()), RunLogs.finite(s.testLoss()),
                                RunLogs.finite(s.testAccuracy())));
                    } catch (IOException e) {
                        if (writeError[0] == null) {
                            writeError[0] = e;
                        }
                    }
                    listener.loss(ids[s.model()], s.step(), s.trainLoss());
                    inListener[0] += System.nanoTime() - l0;
                });
            }
            trainSeconds += (System.nanoTime() - trainStart - inListener[0]) / 1e9;
            loggingSeconds += inListener[0] / 1e9;
            if (writeError[0] != null) {
                throw writeError[0];
            }
            long params = spec.parameterCount();
            long f0 = System.nanoTime();
            for (int m = 0; m < k; m++) {
                ModelOutcome o = outcomes.get(m);
                boolean diverged = o.status() == ModelStatus.DIVERGED;
                RunSummary s = new RunSummary(RunLogs.SCHEMA_VERSION, ids[m],
                        diverged ? RunSummary.DIVERGED : RunSummary.DONE, params, o.samples(),
                        6.0 * params * o.samples(), o.steps(), RunLogs.finite(o.finalTrainLoss()),
                        RunLogs.finite(o.finalTestLoss()), RunLogs.finite(o.bestTrainLoss()),
                        RunLogs.finite(o.bestTestLoss()), RunLogs.finite(o.finalTestAccuracy()), o.reachedTarget(),
                        diverged ? o.divergedAtStep() : null, null, lastWall[m], runs.get(m).flat());
                JsonLines.Writer w = metrics[m];
                metrics[m] = null; // the committer closes it
                finish(runs.get(m), s, started[m], k, w);
                finished[m] = true;
            }
            writeSeconds += (System.nanoTime() - f0) / 1e9;
        } catch (Exception | OutOfMemoryError | StackOverflowError e) {
            String message = describe(e);
            double wall = (System.nanoTime() - jobStart) / 1e9;
            for (int m = 0; m < k; m++) {
                if (finished[m]) {
                    continue;
                }
                try {
                    if (metrics[m] != null) {
                        metrics[m].close();
                    }
                    RunConfig r = runs.get(m);
                    String id = r.id();
                    long params = paramsOrZero(r);
                    finish(r, RunSummary.failed(id, params, message, wall, r.flat()),
                            started[m] != null ? started[m] : Instant.now().toString(), k, null);
                } catch (IOException | RuntimeException again) {
                    // The run stays pending (no summary) and is redone next time.
                }
            }
        }
    }

    private static long paramsOrZero(RunConfig r) {
        try {
            return r.mlpSpec().parameterCount();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    static String describe(Throwable e) {
        String msg = e.getMessage();
        String text = e.getClass().getSimpleName() + (msg == null || msg.isBlank() ? "" : ": " + msg.strip());
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }

    /**
     * Creates the job's run directories, clearing what a killed attempt left in them. config.yaml and
     * provenance.json are written by the committer with the summary, off the training thread.
     */
    static void prepare(SweepDirectory dir, RunJob job) throws IOException {
        for (RunConfig r : job.runs()) {
            prepareRunDir(dir, r.id());
        }
    }

    private static void prepareRunDir(SweepDirectory dir, String id) throws IOException {
        Path runDir = dir.runDir(id);
        try {
            Files.createDirectory(runDir);
        } catch (FileAlreadyExistsException e) {
            try (DirectoryStream<Path> old = Files.newDirectoryStream(runDir)) {
                for (Path p : old) {
                    if (!Files.isDirectory(p)) {
                        Files.delete(p);
                    }
                }
            }
        }
    }

    private void finish(RunConfig run, RunSummary summary, String started, int k, JsonLines.Writer metrics) {
        committer.accept(new Commit(run, summary, started, Instant.now().toString(), k, metrics));
    }
}
