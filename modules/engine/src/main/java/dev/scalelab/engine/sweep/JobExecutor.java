package dev.scalelab.engine.sweep;

import dev.scalelab.core.UserInputException;
import dev.scalelab.core.config.RunConfig;
import dev.scalelab.core.run.MetricLine;
import dev.scalelab.core.run.Provenance;
import dev.scalelab.core.run.RunLogs;
import dev.scalelab.core.run.RunStore;
import dev.scalelab.core.run.RunSummary;
import dev.scalelab.core.run.RunWriter;
import dev.scalelab.core.spec.Connectivity;
import dev.scalelab.core.spec.MlpSpec;
import dev.scalelab.core.spec.ModelSettings;
import dev.scalelab.core.spec.Parametrization;
import dev.scalelab.core.task.TaskData;
import dev.scalelab.core.task.TaskFactory;
import dev.scalelab.core.task.TaskSpec;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.compute.OutOfDeviceMemoryException;
import dev.scalelab.engine.compute.Precision;
import dev.scalelab.engine.model.MlpBatch;
import dev.scalelab.engine.train.ModelOutcome;
import dev.scalelab.engine.train.Optimizer;
import dev.scalelab.engine.train.StepMetrics;
import dev.scalelab.engine.train.Trainer;
import dev.scalelab.engine.train.TrainingListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs one batched job on its own backend and writes each run through the {@link RunStore}: metrics.jsonl as
 * training goes (buffered; no file stays open), flushed when training ends; then it hands each run's writer,
 * summary and provenance to the sweep's committer, which commits them (summary.json last, atomically: it marks the
 * run complete). An exception anywhere marks every run of the job
 * that was not handed over yet as failed, with the exception's message, except that a job of several models
 * that runs out of device memory while it trains is run again as two jobs of half as many models (its backend,
 * and with it the memory, freed first), and so on down to single runs.
 */
final class JobExecutor {
    private final RunStore store;
    private final SweepListener listener;
    private final Consumer<Commit> committer;
    private final TaskFactory tasks;
    private final BackendFactory backends;

    /** Seconds spent, for the orchestration-overhead figures. */
    private double trainSeconds;
    private double loggingSeconds;
    private double dataSeconds;
    private double writeSeconds;

    /** A finished run to be committed through its writer (metrics flushed), then given its index line. */
    record Commit(RunConfig run, RunSummary summary, String started, String ended, int jobModels,
                  RunWriter writer, String device) {

        /**
         * This run's provenance.json: the sweep's, stamped with the run's seed, times and job size, and the device
         * its job trained on where the sweep is spread over devices ({@code device} non-null).
         */
        Provenance provenance(Provenance sweep) {
            Provenance p = sweep.withTimes(run.model().seed(), started, ended, jobModels);
            return device == null ? p : p.onDevice(device);
        }
    }

    /** The device this executor's jobs train on, for provenance ({@code sweep run --devices}); null: the sweep's. */
    private String device;
    private final boolean pinned;

    /** {@code pinned}: {@code backends} is bound to one of several devices; provenance then names it per run. */
    JobExecutor(RunStore store, SweepListener listener, Consumer<Commit> committer, TaskFactory tasks,
                BackendFactory backends, boolean pinned) {
        this.pinned = pinned;
        this.store = store;
        this.listener = listener;
        this.committer = committer;
        this.tasks = tasks;
        this.backends = backends;
    }

    /**
     * Runs a job: prepares its run directories, trains, hands each finished run to the committer. Returns where
     * its time went (its halves' too, when it was split).
     */
    Timings execute(RunJob job) {
        run(job);
        return new Timings(trainSeconds, loggingSeconds, dataSeconds, writeSeconds);
    }

    /**
     * One run of a job as the job goes: its config, its writer (metrics.jsonl), when it started, the wall time
     * of its last metrics line, and whether it has been handed to the committer.
     */
    private static final class RunSlot {
        final RunConfig run;
        final String id;
        String started;
        RunWriter writer;
        double lastWall;
        boolean finished;

        RunSlot(RunConfig run) {
            this.run = run;
            this.id = run.id();
        }
    }

    private void run(RunJob job) {
        List<RunSlot> slots = job.runs().stream().map(RunSlot::new).toList();
        int k = slots.size();
        long jobStart = System.nanoTime();
        boolean training = false; // an out-of-device-memory error from here on means: split the job
        try {
            long w0 = System.nanoTime();
            String now = Instant.now().toString();
            for (RunSlot slot : slots) {
                slot.started = now;
            }
            List<RunWriter> writers = prepare(store, job);
            for (int m = 0; m < k; m++) {
                slots.get(m).writer = writers.get(m);
            }
            writeSeconds += (System.nanoTime() - w0) / 1e9;
            RunConfig first = job.first();
            long t0 = System.nanoTime();
            TaskSpec task0 = first.taskSpec();
            List<TaskData> data = new ArrayList<>(k);
            Map<TaskSpec, TaskData> cache = new HashMap<>();
            for (TaskSpec task : task0.streaming() ? List.<TaskSpec>of() : job.tasks()) {
                data.add(cache.computeIfAbsent(task, tasks::create));
            }
            dataSeconds += (System.nanoTime() - t0) / 1e9;

            long[] inListener = new long[1];
            IOException[] writeError = new IOException[1];
            long trainStart = System.nanoTime(); // backend, initial weights and the training loop
            List<ModelOutcome> outcomes;
            List<Map<String, Double>> extra;
            try (ComputeBackend backend = backends.create(first.backend(), Precision.FP32)) {
                if (pinned) {
                    device = backend.device();
                }
                training = true;
                MlpBatch models = initialize(backend, job);
                List<double[]> initial = first.train().recordNorms() ? RunMetrics.weights(models) : null;
                TrainingListener logMetrics = (StepMetrics s) -> {
                    long l0 = System.nanoTime();
                    RunSlot slot = slots.get(s.model());
                    slot.lastWall = s.wallSeconds();
                    try {
                        slot.writer.append(new MetricLine(s.step(), s.samples(), s.flops(), s.wallSeconds(),
                                RunLogs.finite(s.trainLoss()), RunLogs.finite(s.testLoss()),
                                RunLogs.finite(s.testAccuracy())));
                    } catch (IOException e) {
                        if (writeError[0] == null) {
                            writeError[0] = e;
                        }
                    }
                    listener.loss(slot.id, s.step(), s.trainLoss());
                    inListener[0] += System.nanoTime() - l0;
                };
                Trainer trainer = new Trainer(backend);
                Optimizer optimizer = optimizer(backend, job, models);
                outcomes = task0.streaming()
                        ? trainer.trainStreaming(models, job.train(), job.settings(), task0.reluTeacher(),
                                task0.testSize(), optimizer, logMetrics)
                        : trainer.train(models, job.train(), job.settings(), data, optimizer, logMetrics);
                training = false;
                extra = RunMetrics.of(models, initial, first.model().parametrization(), data);
            }
            trainSeconds += (System.nanoTime() - trainStart - inListener[0]) / 1e9;
            loggingSeconds += inListener[0] / 1e9;
            if (writeError[0] != null) {
                throw writeError[0];
            }
            long params = first.parameterCount(); // with masked connectivity, only the weights that exist
            long f0 = System.nanoTime();
            for (int m = 0; m < k; m++) {
                RunSlot slot = slots.get(m);
                ModelOutcome o = outcomes.get(m);
                RunSummary s = o.summary(slot.id, params, slot.lastWall, slot.run.flat(), extra.get(m));
                slot.writer.flush(); // here, so that the committer's queue holds no buffered lines
                finish(slot.run, s, slot.started, k, slot.writer);
                slot.finished = true;
            }
            writeSeconds += (System.nanoTime() - f0) / 1e9;
        } catch (Exception | OutOfMemoryError | StackOverflowError e) {
            if (training && k > 1 && e instanceof OutOfDeviceMemoryException oom) {
                // The backend is closed (its memory freed) and nothing was handed to the committer yet.
                split(job, "device memory", oom.detail());
                return;
            }
            boolean noneFinished = slots.stream().noneMatch(slot -> slot.finished);
            if (k > 1 && noneFinished && e instanceof OutOfMemoryError oom) {
                // The Java heap (-Xmx): fewer models per job may fit where K did not.
                split(job, "the Java heap", oom.getMessage() + "; --max-models caps K up front");
                return;
            }
            if (e instanceof OutOfMemoryError) {
                String message = "OutOfMemoryError: " + e.getMessage() + " with one model: raise the heap (e.g. "
                        + "SCALELAB_JAVA_OPTS=-Xmx8g) or shrink the run";
                failAll(slots, message, jobStart);
                return;
            }
            if ((e instanceof UserInputException && !(e instanceof OutOfDeviceMemoryException))
                    || e instanceof IOException) {
                // A bad setting or a run store that cannot be written (a full disk) is not the run's failure: its
                // runs stay pending, to run once it is fixed. JobPool lets the other jobs go on after a setting, and
                // stops the sweep on the store.
                throw e instanceof IOException io ? new UncheckedIOException(io) : (UserInputException) e;
            }
            failAll(slots, describe(e), jobStart);
        }
    }

    /** Records every run of the job not yet finished as failed with {@code message}. */
    private void failAll(List<RunSlot> slots, String message, long jobStart) {
        int k = slots.size();
        double wall = (System.nanoTime() - jobStart) / 1e9;
        for (RunSlot slot : slots) {
            if (slot.finished) {
                continue;
            }
            try {
                long params = paramsOrZero(slot.run);
                RunWriter w = slot.writer != null ? slot.writer : store.prepare(slot.id);
                finish(slot.run, RunSummary.failed(slot.id, params, message, wall, slot.run.flat()),
                        slot.started != null ? slot.started : Instant.now().toString(), k, w);
            } catch (IOException | RuntimeException again) {
                // The run stays pending (no summary) and is redone next time.
            }
        }
    }

    /** The job's K models, initialised, with its connectivity masks set. */
    private static MlpBatch initialize(ComputeBackend backend, RunJob job) {
        MlpSpec spec = job.model();
        Connectivity connectivity = job.first().model().connectivity();
        int width = job.first().model().width();
        List<ModelSettings> settings = job.settings();
        MlpBatch models = MlpBatch.initialize(backend, spec, job.init(), settings, connectivity.fanIns(spec, width));
        List<double[]> masks = connectivity.masks(spec, width);
        for (int l = 0; l < masks.size(); l++) {
            double[] mask = masks.get(l);
            if (mask != null) {
                double[] all = new double[mask.length * settings.size()];
                for (int m = 0; m < settings.size(); m++) {
                    System.arraycopy(mask, 0, all, m * mask.length, mask.length);
                }
                models.setMask(l, all);
            }
        }
        return models;
    }

    /**
     * The job's optimizer at each model's learning rate; under the NTK parametrisation each layer's weights get
     * their rate factor.
     */
    private static Optimizer optimizer(ComputeBackend backend, RunJob job, MlpBatch models) {
        MlpSpec spec = models.spec();
        RunConfig first = job.first();
        double[] factors = new double[spec.layerCount()];
        double[] biasFactors = new double[spec.layerCount()];
        Parametrization p = first.model().parametrization();
        for (int l = 0; l < factors.length; l++) {
            factors[l] = p.weightRateFactor(spec, l, first.train().optimizer());
            biasFactors[l] = p.biasRateFactor(spec, l, first.train().optimizer());
        }
        double[] lrs = job.settings().stream().mapToDouble(ModelSettings::learningRate).toArray();
        return Optimizer.withLayerRates(backend, job.train().optimizer(), models, lrs, factors, biasFactors);
    }

    /** Runs the job again as two jobs of half its models each, which split again if they still do not fit. */
    private void split(RunJob job, String memory, String detail) {
        List<RunJob> halves = job.split(2);
        int a = halves.get(0).runs().size();
        int b = halves.get(1).runs().size();
        listener.notice("job of " + job.runs().size() + " models did not fit in " + memory + " (" + detail
                + "); splitting into 2 jobs of " + (a == b ? a : a + " and " + b));
        for (RunJob half : halves) {
            run(half); // preparing clears what the failed attempt wrote
        }
    }

    private static long paramsOrZero(RunConfig r) {
        try {
            return r.parameterCount();
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
     * Creates the job's run directories, clearing what a killed attempt (or an unreadable summary) left in them.
     * config.yaml and provenance.json are written by the committer with the summary.
     */
    static List<RunWriter> prepare(RunStore store, RunJob job) throws IOException {
        List<RunWriter> writers = new ArrayList<>(job.runs().size());
        for (RunConfig r : job.runs()) {
            writers.add(store.prepare(r.id()));
        }
        return writers;
    }

    private void finish(RunConfig run, RunSummary summary, String started, int k, RunWriter writer) {
        committer.accept(new Commit(run, summary, started, Instant.now().toString(), k, writer, device));
    }
}
