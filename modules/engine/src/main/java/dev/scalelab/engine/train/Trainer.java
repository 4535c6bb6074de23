package dev.scalelab.engine.train;

import dev.scalelab.core.spec.LrSchedule;
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
     * Trains {@code models} on {@code data.get(k)} with learning rate {@code learningRates[k]} (overriding the
     * optimizer spec's rate); {@code batchSeeds[k]} orders model k's minibatches.
     */
    public List<ModelOutcome> train(MlpBatch models, TrainSpec spec, List<TaskData> data, double[] learningRates,
                                    long[] batchSeeds, TrainingListener listener) {
        return train(models, spec, data, batchSeeds, new Optimizer(backend, spec.optimizer(), models, learningRates),
                listener);
    }

    /**
     * Trains {@code models} with {@code update} deciding what each step's gradients change (the spec's optimizer
     * settings are then the update's business; the spec gives loss, batch size, steps, stopping rule and log
     * interval).
     */
    public List<ModelOutcome> train(MlpBatch models, TrainSpec spec, List<TaskData> data, long[] batchSeeds,
                                    ParameterUpdate update, TrainingListener listener) {
        int k = models.models();
        if (data.size() != k || batchSeeds.length != k) {
            throw new IllegalArgumentException("need one dataset and batch seed per model");
        }
        List<Dataset> train = data.stream().map(TaskData::train).toList();
        List<Dataset> test = data.get(0).hasTest() ? data.stream().map(TaskData::test).toList() : null;
        int n = train.get(0).size();
        for (Dataset d : train) {
            if (d.size() != n) {
                throw new IllegalArgumentException("all K models of a job need the same training-set size");
            }
        }
        int batch = spec.effectiveBatch(n);
        long params = models.spec().parameterCount();

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
            for (long step = 1; step <= spec.maxSteps() && active > 0; step++) {
                if (step == 1 || !feeder.fullBatch()) {
                    feeder.next(hostInputs, hostTargets);
                    backend.upload(hostInputs, ws.input);
                    backend.upload(hostTargets, ws.target);
                }
                if (spec.schedule() != LrSchedule.CONSTANT) {
                    update.scaleRates(spec.schedule().factor(step, spec.maxSteps()));
                }
                double[] losses = steps.run(step);

                boolean[] endsNow = new boolean[k];
                boolean anyEnds = false;
                for (int m = 0; m < k; m++) {
                    ModelTracker t = trackers[m];
                    if (t.status != null) {
                        continue;
                    }
                    t.record(step, losses[m]);
                    if (!Double.isFinite(losses[m])) {
                        t.status = ModelStatus.DIVERGED;
                        t.divergedAt = step;
                    } else if (spec.targetLoss() > 0 && losses[m] < spec.targetLoss()) {
                        t.status = ModelStatus.REACHED_TARGET;
                    } else if (step == spec.maxSteps()) {
                        t.status = ModelStatus.BUDGET_EXHAUSTED;
                    }
                    if (t.status != null) {
                        update.freeze(m);
                        endsNow[m] = true;
                        anyEnds = true;
                        active--;
                    }
                }
                boolean logStep = step % spec.logEvery() == 0;
                if (logStep || anyEnds) {
                    Evaluator.Result eval = evaluator == null ? null : evaluator.evaluate(models, spec.loss(), test);
                    double wall = (System.nanoTime() - start) / 1e9;
                    for (int m = 0; m < k; m++) {
                        ModelTracker t = trackers[m];
                        if (t.steps != step || !(logStep || endsNow[m])) {
                            continue;
                        }
                        double testLoss = eval == null ? Double.NaN : eval.loss()[m];
                        double testAcc = eval == null ? Double.NaN : eval.accuracy()[m];
                        t.recordTest(testLoss, testAcc);
                        long samples = step * batch;
                        listener.onMetrics(new StepMetrics(m, step, samples, 6.0 * params * samples, wall, losses[m],
                                testLoss, testAcc));
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
