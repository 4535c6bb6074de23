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

    public Trainer(ComputeBackend backend) {
        this.backend = backend;
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
        for (int m = 0; m < k; m++) {
            trackers[m] = new ModelTracker();
        }
        int active = k;
        long start = System.nanoTime();
        try (StepRunner steps = StepRunner.of(backend, models, ws, grads, update, spec.loss())) {
            double[] rateFactors = new double[k];
            for (long step = 1; step <= maxSteps && active > 0; step++) {
                if (step == 1 || !feeder.fullBatch()) {
                    feeder.next(hostInputs, hostTargets);
                    backend.upload(hostInputs, ws.input);
                    backend.upload(hostTargets, ws.target);
                }
                if (spec.schedule() != LrSchedule.CONSTANT) {
                    // Each model's schedule runs over its own budget, as it would in a job of its own.
                    for (int m = 0; m < k; m++) {
                        rateFactors[m] = spec.schedule().factor(step, settings.get(m).maxSteps());
                    }
                    update.scaleRates(rateFactors);
                }
                double[] losses = steps.run(step);

                boolean[] reports = new boolean[k]; // logs at this step, or ends here
                boolean anyReports = false;
                for (int m = 0; m < k; m++) {
                    ModelTracker t = trackers[m];
                    if (t.status != null) {
                        continue;
                    }
                    t.record(step, losses[m]);
                    t.status = StoppingRule.after(step, losses[m], settings.get(m));
                    if (t.status == ModelStatus.DIVERGED) {
                        t.divergedAt = step;
                    }
                    if (t.status != null) {
                        update.freeze(m);
                        active--;
                    }
                    reports[m] = t.status != null || step % settings.get(m).logEvery() == 0;
                    anyReports |= reports[m];
                }
                if (anyReports) {
                    Evaluator.Result eval = evaluator == null ? null : evaluator.evaluate(models, spec.loss(), test);
                    double wall = (System.nanoTime() - start) / 1e9;
                    for (int m = 0; m < k; m++) {
                        ModelTracker t = trackers[m];
                        if (!reports[m]) {
                            continue;
                        }
                        double testLoss = eval == null ? Double.NaN : eval.loss()[m];
                        double testAcc = eval == null ? Double.NaN : eval.accuracy()[m];
                        t.recordTest(testLoss, testAcc);
                        long samples = step * batch;
                        listener.onMetrics(new StepMetrics(m, step, samples, models.spec().trainingFlops(samples),
                                wall, losses[m], testLoss, testAcc));
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
