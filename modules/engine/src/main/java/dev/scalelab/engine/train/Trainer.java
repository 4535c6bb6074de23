package dev.scalelab.engine.train;

import dev.scalelab.core.spec.LrSchedule;
import dev.scalelab.core.spec.ModelSettings;
import dev.scalelab.core.spec.TrainSpec;
import dev.scalelab.core.task.Dataset;
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
     * minibatches. The spec's own budget, target and log interval are not read here.
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
        long[] batchSeeds = settings.stream().mapToLong(ModelSettings::seed).toArray();
        long maxSteps = settings.stream().mapToLong(ModelSettings::maxSteps).max().orElse(0);
        List<Dataset> train = data.stream().map(TaskData::train).toList();
        List<Dataset> test = data.get(0).hasTest() ? data.stream().map(TaskData::test).toList() : null;
        int n = train.get(0).size();
        for (Dataset d : train) {
            if (d.size() != n) {
                throw new IllegalArgumentException("all K models of a job need the same training-set size");
            }
        }
        int batch = spec.effectiveBatch(n);

        Workspace ws = new Workspace(backend, models.spec(), k, batch);
        ParameterTensors grads = ParameterTensors.zeros(backend, models.spec(), k);
        Evaluator evaluator = test == null ? null : new Evaluator(backend);
        BatchFeeder feeder = new BatchFeeder(train, batch, batchSeeds);
        float[] hostInputs = new float[k * batch * models.spec().inputDim()];
        float[] hostTargets = new float[k * batch * models.spec().outputDim()];

        ModelTracker[] trackers = new ModelTracker[k];
        long[] budgets = new long[k];
        double[] targets = new double[k];
        int[] logEvery = new int[k];
        boolean[] training = new boolean[k];
        for (int m = 0; m < k; m++) {
            trackers[m] = new ModelTracker();
            budgets[m] = settings.get(m).maxSteps();
            targets[m] = settings.get(m).targetLoss();
            logEvery[m] = settings.get(m).logEvery();
            training[m] = true;
        }
        LaunchPlan plan = LaunchPlan.of(stepsPerLaunch, feeder.fullBatch(), spec.schedule() == LrSchedule.CONSTANT,
                budgets, targets, logEvery);
        int active = k;
        long start = System.nanoTime();
        try (StepRunner steps = StepRunner.of(backend, models, ws, grads, update, spec.loss(), plan)) {
            double[] rateFactors = new double[k];
            long last;
            for (long first = 1; first <= maxSteps && active > 0; first = last + 1) {
                last = Math.min(plan.lastStep(first, training), first + steps.stepsPerLaunch() - 1);
                if (first == 1 || !feeder.fullBatch()) {
                    feeder.next(hostInputs, hostTargets);
                    backend.upload(hostInputs, ws.input);
                    backend.upload(hostTargets, ws.target);
                }
                if (spec.schedule() != LrSchedule.CONSTANT) {
                    // Each model's schedule runs over its own budget, as it would in a job of its own.
                    for (int m = 0; m < k; m++) {
                        rateFactors[m] = spec.schedule().factor(first, settings.get(m).maxSteps());
                    }
                    update.scaleRates(rateFactors);
                }
                double[][] losses = steps.run(first, last);

                // Each step's stopping rule, in order, as if the steps had run one at a time; a model stopped
                // inside the launch was frozen on the device from its next step on (see LaunchedSteps).
                long[] reportAt = new long[k]; // the step a model logs at or ends at in this launch, else 0
                boolean anyReports = false;
                int[] stopped = new int[k];
                int stops = 0;
                for (long step = first; step <= last; step++) {
                    double[] stepLosses = losses[(int) (step - first)];
                    for (int m = 0; m < k; m++) {
                        ModelTracker t = trackers[m];
                        if (t.status != null) {
                            continue;
                        }
                        t.record(step, stepLosses[m]);
                        t.status = StoppingRule.after(step, stepLosses[m], settings.get(m));
                        if (t.status == ModelStatus.DIVERGED) {
                            t.divergedAt = step;
                        }
                        if (t.status != null) {
                            stopped[stops++] = m;
                            training[m] = false;
                            active--;
                        }
                        if (t.status != null || step % logEvery[m] == 0) {
                            reportAt[m] = step;
                            anyReports = true;
                        }
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
                    // Log steps end launches, and a model stopped inside one keeps its parameters to the launch's
                    // end: one evaluation serves every report of the launch.
                    Evaluator.Result eval = evaluator == null ? null : evaluator.evaluate(models, spec.loss(), test);
                    double wall = (System.nanoTime() - start) / 1e9;
                    for (long step = first; step <= last; step++) {
                        for (int m = 0; m < k; m++) {
                            if (reportAt[m] != step) {
                                continue;
                            }
                            ModelTracker t = trackers[m];
                            double testLoss = eval == null ? Double.NaN : eval.loss()[m];
                            double testAcc = eval == null ? Double.NaN : eval.accuracy()[m];
                            t.recordTest(testLoss, testAcc);
                            long samples = step * batch;
                            listener.onMetrics(new StepMetrics(m, step, samples, models.spec().trainingFlops(samples),
                                    wall, t.lastLoss, testLoss, testAcc));
                        }
                    }
                }
            }
        }
        List<ModelOutcome> outcomes = new ArrayList<>(k);
        for (ModelTracker t : trackers) {
            outcomes.add(t.outcome(batch));
        }
        return outcomes;
    }

    /** Per-model bookkeeping of the loop. */
    private static final class ModelTracker {
        ModelStatus status;
        long steps;
        long divergedAt = -1;
        double lastLoss = Double.NaN;
        double bestLoss = Double.POSITIVE_INFINITY;
        double lastTest = Double.NaN;
        double bestTest = Double.POSITIVE_INFINITY;
        double lastAccuracy = Double.NaN;

        void record(long step, double loss) {
            steps = step;
            lastLoss = loss;
            if (loss < bestLoss) {
                bestLoss = loss;
            }
        }

        void recordTest(double loss, double accuracy) {
            lastTest = loss;
            lastAccuracy = accuracy;
            if (loss < bestTest) {
                bestTest = loss;
            }
        }

        ModelOutcome outcome(int batch) {
            return new ModelOutcome(status, steps, steps * batch, lastLoss,
                    Double.isInfinite(bestLoss) ? Double.NaN : bestLoss, lastTest,
                    Double.isInfinite(bestTest) ? Double.NaN : bestTest, lastAccuracy, divergedAt);
        }
    }

    @Override
    public String toString() {
        return "Trainer[" + backend.name() + "]";
    }
}
