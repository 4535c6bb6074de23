package dev.scalelab.engine.selftest;

import dev.scalelab.core.spec.Activation;
import dev.scalelab.core.spec.InitSpec;
import dev.scalelab.core.spec.LossKind;
import dev.scalelab.core.spec.MlpSpec;
import dev.scalelab.core.spec.ModelSettings;
import dev.scalelab.core.spec.OptimizerSpec;
import dev.scalelab.core.spec.TrainSpec;
import dev.scalelab.core.task.TaskData;
import dev.scalelab.core.task.TaskFactory;
import dev.scalelab.core.task.TaskKind;
import dev.scalelab.core.task.TaskSpec;
import dev.scalelab.core.util.Rng;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.model.MlpBatch;
import dev.scalelab.engine.train.Trainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A small training job of K models (8 → 24 → 16 → outputs, minibatches of 16 from 64 points; teacher-student data
 * for MSE, 4 random classes for cross-entropy), optionally with a fixed 0/1 mask on every weight; model k is
 * seeded k. {@link #run} trains it on a backend through the training loop and keeps every step's loss and the
 * final parameters.
 */
record TrainingJob(Activation activation, LossKind loss, boolean adam, boolean masked, int models, int steps) {

    /** What a run leaves: losses[model][step - 1] and every layer's weights and biases, concatenated. */
    record Result(double[][] losses, double[] parameters) {
        double[] flatLosses() {
            return Arrays.stream(losses).flatMapToDouble(Arrays::stream).toArray();
        }
    }

    String describe() {
        return activation + " " + loss + " " + (adam ? "adam" : "sgd") + (masked ? " masked" : "");
    }

    MlpSpec spec() {
        return new MlpSpec(8, List.of(24, 16), loss == LossKind.MSE ? 1 : 4, activation);
    }

    double learningRate(int model) {
        double[] rates = adam ? new double[] {0.003, 0.001, 0.005, 0.002} : new double[] {0.05, 0.02, 0.03, 0.01};
        // ReQU's gradients grow with its inputs (x² of x² in two layers): at these rates it diverges, and a
        // diverging run amplifies float rounding instead of measuring it.
        double scale = activation == Activation.REQU ? 0.1 : 1;
        return scale * rates[model % rates.length];
    }

    /** The job's model k alone (K = 1), with model k's data, seed and learning rate. */
    Result runOne(ComputeBackend backend, int model) {
        return run(backend, new int[] {model});
    }

    Result run(ComputeBackend backend) {
        int[] all = new int[models];
        for (int m = 0; m < models; m++) {
            all[m] = m;
        }
        return run(backend, all);
    }

    private Result run(ComputeBackend backend, int[] which) {
        MlpSpec spec = spec();
        int k = which.length;
        List<ModelSettings> settings = new ArrayList<>();
        List<TaskData> data = new ArrayList<>();
        TaskFactory factory = new TaskFactory(Path.of("unused"));
        for (int i = 0; i < k; i++) {
            long dataSeed = 100 + which[i];
            settings.add(new ModelSettings(which[i], dataSeed, learningRate(which[i]), 1, steps, 0, 1));
            data.add(factory.create(loss == LossKind.MSE
                    ? new TaskSpec(TaskKind.TEACHER_STUDENT, 64, 8, 0, 0, 6, dataSeed)
                    : new TaskSpec(TaskKind.RANDOM_CLASSES, 64, 8, 4, 0, 0, dataSeed)));
        }
        MlpBatch batch = MlpBatch.initialize(backend, spec, InitSpec.torchDefault(), settings);
        if (masked) {
            for (int l = 0; l < spec.layerCount(); l++) {
                int per = spec.fanIn(l) * spec.fanOut(l);
                double[] mask = new double[k * per];
                for (int i = 0; i < k; i++) {
                    Rng rng = Rng.forPurpose(which[i], "self-test mask " + l);
                    for (int j = 0; j < per; j++) {
                        mask[i * per + j] = rng.uniform() < 0.75 ? 1 : 0;
                    }
                }
                batch.setMask(l, mask);
            }
        }
        TrainSpec train = new TrainSpec(loss, adam ? OptimizerSpec.adam() : OptimizerSpec.sgd(0.9), 16);
        double[][] losses = new double[k][steps];
        for (double[] row : losses) {
            Arrays.fill(row, Double.NaN);
        }
        new Trainer(backend).train(batch, train, settings, data,
                x -> losses[x.model()][(int) x.step() - 1] = x.trainLoss());
        List<double[]> params = new ArrayList<>();
        for (int l = 0; l < spec.layerCount(); l++) {
            params.add(batch.downloadWeights(l));
            params.add(batch.downloadBiases(l));
        }
        return new Result(losses, params.stream().flatMapToDouble(Arrays::stream).toArray());
    }
}
