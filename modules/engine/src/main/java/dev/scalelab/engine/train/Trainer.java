package dev.scalelab.engine.train;

import dev.scalelab.core.spec.BatchPhases;
import dev.scalelab.core.spec.LrSchedule;
import dev.scalelab.core.spec.ModelSettings;
import dev.scalelab.core.spec.TrainSpec;
import dev.scalelab.core.task.Dataset;
import dev.scalelab.core.task.ReluTeacher;
import dev.scalelab.core.task.TaskData;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.model.MlpBatch;
import dev.scalelab.engine.model.ParameterTensors;
import java.util.ArrayList;
import java.util.List;

/**
 * The training loop, written once over {@link ComputeBackend}'s primitives. It trains K same-shape models in
 * lock step; each model has its own data, learning rate and batch order, and stops on its own (target loss
 * reached, or NaN/Inf loss) by having its learning rate set to 0 while the others go on. On a backend that can
 * record a step ({@link ComputeBackend#stepCapture()}) and with an update that is device work
 * ({@link CapturableUpdate}), each step from the second on is one replay of the recorded step (see
 * {@link StepRunner}); the loop around it, the stopping rule and the evaluation are the same either way.
 */
public final class Trainer {
    private final ComputeBackend backend;
    private final int stepsPerLaunch;

    /** A trainer taking as many steps per launch as {@code $SCALELAB_STEPS_PER_LAUNCH} says (see {@link LaunchPlan}). */
    public Trainer(ComputeBackend backend) {
        this(backend, LaunchPlan.fromEnvironment());
    }

    /** A trainer taking up to {@code stepsPerLaunch} steps per launch where the backend and job allow it. */
    public Trainer(ComputeBackend backend, int stepsPerLaunch) {
        if (stepsPerLaunch < 1) {
            throw new IllegalArgumentException("steps per launch must be ≥ 1, got " + stepsPerLaunch);
        }
        this.backend = backend;
        this.stepsPerLaunch = stepsPerLaunch;
    }

    /**
     * Trains {@code models} on {@code data.get(k)} with {@code spec}'s optimizer at each model's own learning rate.
     * {@code spec} gives what the K models share (loss, optimizer, batch size, learning-rate schedule); each
     * model's settings give its learning rate, step budget, target loss and log interval, and its seed orders its
     * minibatches.
     */
    public List<ModelOutcome> train(MlpBatch models, TrainSpec spec, List<ModelSettings> settings,
                                    List<TaskData> data, TrainingListener listener) {
        double[] rates = settings.stream().mapToDouble(ModelSettings::learningRate).toArray();
        return train(models, spec, settings, data, new Optimizer(backend, spec.optimizer(), models, rates),
                listener);
    }

    /**
     * Trains {@code models} with {@code update} deciding what each step's gradients change (the optimizer settings
     * and learning rates are then the update's business; the spec gives loss, batch size and schedule, and each
     * model's settings its budget, target, log interval and batch order).
     */
    public List<ModelOutcome> train(MlpBatch models, TrainSpec spec, List<ModelSettings> settings,
                                    List<TaskData> data, ParameterUpdate update, TrainingListener listener) {
        int k = models.models();
        if (data.size() != k || settings.size() != k) {
            throw new IllegalArgumentException("need one dataset and one model's settings per model: " + data.size()
                    + " and " + settings.size() + " for " + k);
        }
        if (!spec.phases().isEmpty()) {
            throw new IllegalArgumentException("batch phases need a streaming task");
        }
        long[] batchSeeds = settings.stream().mapToLong(ModelSettings::seed).toArray();
        List<Dataset> train = data.stream().map(TaskData::train).toList();
        List<Dataset> test = data.get(0).hasTest() ? data.stream().map(TaskData::test).toList() : null;
        int n = train.get(0).size();
        for (Dataset d : train) {
            if (d.size() != n) {
                throw new IllegalArgumentException("all K models of a job need the same training-set size");
            }
        }
        int batch = spec.effectiveBatch(n);
        return loop(models, spec, settings, new HostBatches(backend, train, batch, batchSeeds), batch, test, update,
                listener);
    }

    /**
     * Trains {@code models} on fresh samples of {@code teacher} every step (each model's data seed picks its
     * stream), drawn on this trainer's backend, with the spec's batch phases (or its batch size throughout), and
     * evaluates them on a fixed test set of {@code testSize} samples.
     */
    public List<ModelOutcome> trainStreaming(MlpBatch models, TrainSpec spec, List<ModelSettings> settings,
                                             ReluTeacher teacher, int testSize, ParameterUpdate update,
                                             TrainingListener listener) {
        if (settings.size() != models.models()) {
            throw new IllegalArgumentException("need one model's settings per model");
        }
        if (spec.phases().isEmpty() && spec.batchSize() < 1) {
            throw new IllegalArgumentException("a streaming task needs a batch size or batch phases");
        }
        TeacherStream stream = new TeacherStream(backend, teacher,
                settings.stream().mapToLong(ModelSettings::dataSeed).toArray());
        List<Dataset> test = testSize > 0 ? stream.testSets(testSize, models.models()) : null;
        return loop(models, spec, settings, stream, spec.batchSize(), test, update, listener);
    }

    /** A stretch of steps at one batch size and one factor on the learning rates. */
    private record Segment(long firstStep, long lastStep, int batch, double rateFactor) {
    }

    private static List<Segment> segments(TrainSpec spec, long maxSteps, int batch) {
        if (spec.phases().isEmpty()) {
            return List.of(new Segment(1, maxSteps, batch, 1.0));
        }
        long[] last = spec.phases().lastSteps(maxSteps, "train.phases");
        List<Segment> out = new ArrayList<>();
        for (int i = 0; i < last.length; i++) {
            BatchPhases.Phase p = spec.phases().phases().get(i);
            out.add(new Segment(i == 0 ? 1 : last[i - 1] + 1, last[i], p.batch(), p.rateFactor()));
        }
        return out;
    }

    private List<ModelOutcome> loop(MlpBatch models, TrainSpec spec, List<ModelSettings> settings,
                                    SampleSource source, int batch, List<Dataset> test, ParameterUpdate update,
                                    TrainingListener listener) {
        int k = models.models();
        long maxSteps = settings.stream().mapToLong(ModelSettings::maxSteps).max().orElse(0);
        ParameterTensors grads = ParameterTensors.zeros(backend, models.spec(), k);
        Evaluator evaluator = test == null ? null : new Evaluator(backend);

        ModelTracker[] trackers = new ModelTracker[k];
        for (int m = 0; m < k; m++) {
            trackers[m] = new ModelTracker(settings.get(m));
        }
        boolean scaled = spec.schedule() != LrSchedule.CONSTANT || !spec.phases().isEmpty();
        int active = k;
        long drawn = 0; // samples each model has seen before the current launch
        long start = System.nanoTime();
        for (Segment segment : segments(spec, maxSteps, batch)) {
            if (active == 0) {
                break;
            }
            Workspace ws = new Workspace(backend, models.spec(), k, segment.batch());
            LaunchPlan plan = LaunchPlan.of(stepsPerLaunch, source.sameEveryStep(),
                    spec.schedule() == LrSchedule.CONSTANT, settings);
            try (StepRunner steps = StepRunner.of(backend, models, ws, grads, update, spec.loss(), plan)) {
                double[] rateFactors = new double[k];
                long last;
                for (long first = segment.firstStep(); first <= segment.lastStep() && active > 0; first = last + 1) {
                    last = Math.min(Math.min(plan.lastStep(first, m -> trackers[m].training()),
                            first + steps.stepsPerLaunch() - 1), segment.lastStep());
                    if (first == segment.firstStep() || !source.sameEveryStep()) {
                        source.fill(drawn, ws);
                    }
                    if (scaled) {
                        // Each model's schedule runs over its own budget, as it would in a job of its own.
                        for (int m = 0; m < k; m++) {
                            rateFactors[m] = segment.rateFactor()
                                    * spec.schedule().factor(first, settings.get(m).maxSteps());
                        }
                        update.scaleRates(rateFactors);
                    }
                    double[][] losses = steps.run(first, last);

                    // Each step's stopping rule, in order, as if the steps had run one at a time; a model stopped
                    // inside the launch was frozen on the device from its next step on (see LaunchedSteps).
                    boolean anyReports = false;
                    int[] stopped = new int[k];
                    int stops = 0;
                    for (long step = first; step <= last; step++) {
                        double[] stepLosses = losses[(int) (step - first)];
                        drawn += segment.batch();
                        for (int m = 0; m < k; m++) {
                            ModelTracker t = trackers[m];
                            if (!t.training()) {
                                continue;
                            }
                            t.record(step, drawn, stepLosses[m]);
                            if (t.status != null) {
                                stopped[stops++] = m;
                                active--;
                            }
                            anyReports |= t.reportStep == step;
                        }
                    }
                    if (stops > 0) {
                        update.freeze(java.util.Arrays.copyOf(stopped, stops));
                    }
                    ModelStatus[] statuses = new ModelStatus[k];
                    long[] stoppedAt = new long[k];
                    for (int m = 0; m < k; m++) {
                        statuses[m] = trackers[m].status;
                        stoppedAt[m] = trackers[m].steps;
                    }
                    steps.confirmStops(statuses, stoppedAt);
                    if (anyReports) {
                        // Log steps end launches, and a model stopped inside one keeps its parameters to the
                        // launch's end: one evaluation serves every report of the launch.
                        Evaluator.Result eval = evaluator == null ? null
                                : evaluator.evaluate(models, spec.loss(), test);
                        double wall = (System.nanoTime() - start) / 1e9;
                        for (long step = first; step <= last; step++) {
                            for (int m = 0; m < k; m++) {
                                ModelTracker t = trackers[m];
                                if (t.reportStep != step) {
                                    continue;
                                }
                                double testLoss = eval == null ? Double.NaN : eval.loss()[m];
                                double testAcc = eval == null ? Double.NaN : eval.accuracy()[m];
                                t.recordTest(testLoss, testAcc);
                                listener.onMetrics(new StepMetrics(m, step, t.reportSamples,
                                        models.spec().trainingFlops(t.reportSamples), wall, t.lastLoss, testLoss,
                                        testAcc));
                            }
                        }
                    }
                }
            }
        }
        List<ModelOutcome> outcomes = new ArrayList<>(k);
        for (ModelTracker t : trackers) {
            outcomes.add(t.outcome());
        }
        return outcomes;
    }

    /**
     * Per-model bookkeeping of the loop: the model's settings, where it stands (null status: still training) and
     * the step it logs at, or ends at, in the current launch.
     */
    private static final class ModelTracker {
        final ModelSettings settings;
        ModelStatus status;
        long steps;
        long samples;
        long divergedAt = -1;
        long reportStep;
        long reportSamples;
        double lastLoss = Double.NaN;
        double bestLoss = Double.POSITIVE_INFINITY;
        double lastTest = Double.NaN;
        double bestTest = Double.POSITIVE_INFINITY;
        double lastAccuracy = Double.NaN;

        ModelTracker(ModelSettings settings) {
            this.settings = settings;
        }

        boolean training() {
            return status == null;
        }

        /**
         * Records training step {@code step}, after which the model has seen {@code samplesSeen} samples, and
         * applies the stopping rule; the step is to be reported if it is a log step or the model's last.
         */
        void record(long step, long samplesSeen, double loss) {
            steps = step;
            samples = samplesSeen;
            lastLoss = loss;
            if (loss < bestLoss) {
                bestLoss = loss;
            }
            status = StoppingRule.after(step, loss, settings);
            if (status == ModelStatus.DIVERGED) {
                divergedAt = step;
            }
            if (status != null || step % settings.logEvery() == 0) {
                reportStep = step;
                reportSamples = samplesSeen;
            }
        }

        void recordTest(double loss, double accuracy) {
            lastTest = loss;
            lastAccuracy = accuracy;
            if (loss < bestTest) {
                bestTest = loss;
            }
        }

        ModelOutcome outcome() {
            return new ModelOutcome(status, steps, samples, lastLoss,
                    Double.isInfinite(bestLoss) ? Double.NaN : bestLoss, lastTest,
                    Double.isInfinite(bestTest) ? Double.NaN : bestTest, lastAccuracy, divergedAt);
        }
    }

    @Override
    public String toString() {
        return "Trainer[" + backend.name() + "]";
    }
}
