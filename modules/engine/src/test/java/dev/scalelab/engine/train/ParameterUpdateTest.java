package dev.scalelab.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.core.spec.Activation;
import dev.scalelab.core.spec.LossKind;
import dev.scalelab.core.spec.MlpSpec;
import dev.scalelab.core.spec.ModelSettings;
import dev.scalelab.core.spec.OptimizerSpec;
import dev.scalelab.core.spec.TrainSpec;
import dev.scalelab.core.task.Dataset;
import dev.scalelab.core.task.TaskData;
import dev.scalelab.core.util.Rng;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.compute.Precision;
import dev.scalelab.engine.compute.SeparateBuffers;
import dev.scalelab.engine.model.MlpBatch;
import dev.scalelab.engine.model.ParameterTensors;
import dev.scalelab.engine.nd4j.Nd4jBackend;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The loop's update is pluggable: the default optimizer, an optimizer that leaves the biases alone (bias-free
 * networks), and a caller's own rule; and the evaluator's raw outputs.
 */
class ParameterUpdateTest {
    private static final MlpSpec SPEC = new MlpSpec(5, List.of(7), 3, Activation.RELU);
    private static final int K = 2;

    @Test
    void weightsOnlyLeavesBiasesAsTheyAreOnBothParameterLayouts() {
        TaskData data = randomClassification(64, 11);
        TrainSpec train = new TrainSpec(LossKind.CROSS_ENTROPY, OptimizerSpec.adam(), 16);
        ModelSettings model = ModelSettings.of(0.01, 25, 0, 25);
        List<List<double[]>> finalWeights = new ArrayList<>();
        try (Nd4jBackend nd4j = new Nd4jBackend(Precision.FP64)) {
            for (ComputeBackend backend : List.of(nd4j, new SeparateBuffers(nd4j))) {
                MlpBatch models = initial(backend);
                assertEquals(backend == nd4j, models.parameters().all() != null, "layout under test");
                List<double[]> biasesBefore = biases(models);
                List<double[]> weightsBefore = weights(models);
                new Trainer(backend).train(models, train, List.of(model.withSeed(1), model.withSeed(2)),
                        Collections.nCopies(K, data), Optimizer.weightsOnly(backend, train.optimizer(), models, new double[] {0.01, 0.02}),
                        TrainingListener.NONE);
                List<double[]> biasesAfter = biases(models);
                for (int l = 0; l < SPEC.layerCount(); l++) {
                    assertArrayEquals(biasesBefore.get(l), biasesAfter.get(l), 0.0, "layer " + l + " biases moved");
                    assertFalse(java.util.Arrays.equals(weightsBefore.get(l), models.downloadWeights(l)),
                            "layer " + l + " weights did not train");
                }
                finalWeights.add(weights(models));
            }
        }
        for (int l = 0; l < SPEC.layerCount(); l++) {
            assertArrayEquals(finalWeights.get(0).get(l), finalWeights.get(1).get(l), 1e-12,
                    "one fused step and per-tensor steps differ in layer " + l);
        }
    }

    @Test
    void defaultOptimizerTrainsBiasesToo() {
        TaskData data = randomClassification(64, 12);
        TrainSpec train = new TrainSpec(LossKind.CROSS_ENTROPY, OptimizerSpec.adam(), 16);
        ModelSettings model = ModelSettings.of(0.01, 10, 0, 10);
        try (Nd4jBackend backend = new Nd4jBackend(Precision.FP64)) {
            MlpBatch models = initial(backend);
            List<double[]> before = biases(models);
            new Trainer(backend).train(models, train, List.of(model.withSeed(1), model.withSeed(2)),
                    Collections.nCopies(K, data), TrainingListener.NONE);
            assertFalse(java.util.Arrays.equals(before.get(0), models.downloadBiases(0)));
        }
    }

    @Test
    void aCustomUpdateSeesEveryStepInOrderAndEachModelFrozenOnce() {
        TaskData data = randomClassification(48, 13);
        TrainSpec train = new TrainSpec(LossKind.CROSS_ENTROPY, OptimizerSpec.sgd(0), 16);
        ModelSettings model = ModelSettings.of(0.1, 7, 0, 7);
        try (Nd4jBackend backend = new Nd4jBackend(Precision.FP64)) {
            MlpBatch models = initial(backend);
            List<double[]> weightsBefore = weights(models);
            List<Long> steps = new ArrayList<>();
            int[] frozen = new int[K];
            ParameterUpdate recorder = new ParameterUpdate() {
                @Override
                public void step(long step, ParameterTensors gradients) {
                    assertNotNull(gradients.weights().get(0));
                    steps.add(step);
                }

                @Override
                public void freeze(int model) {
                    frozen[model]++;
                }
            };
            List<ModelOutcome> outcomes = new Trainer(backend).train(models, train,
                    List.of(model.withSeed(1), model.withSeed(2)), Collections.nCopies(K, data), recorder,
                    TrainingListener.NONE);
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L), steps);
            assertArrayEquals(new int[] {1, 1}, frozen);
            assertEquals(ModelStatus.BUDGET_EXHAUSTED, outcomes.get(0).status());
            for (int l = 0; l < SPEC.layerCount(); l++) {
                assertArrayEquals(weightsBefore.get(l), models.downloadWeights(l), 0.0,
                        "the loop itself changed the weights");
            }
        }
    }

    @Test
    void outputsAreTheForwardPass() {
        MlpSpec linear = new MlpSpec(2, List.of(), 2, Activation.RELU);
        try (Nd4jBackend backend = new Nd4jBackend(Precision.FP64)) {
            // Model 0: W = [[1, 2], [3, 4]], b = [0.5, -1]; model 1: W = I, b = 0.
            MlpBatch models = MlpBatch.of(backend, linear, 2, List.of(new double[] {1, 2, 3, 4, 1, 0, 0, 1}),
                    List.of(new double[] {0.5, -1, 0, 0}));
            double[] out = new Evaluator(backend).outputs(models, new double[] {1, 1, 2, -1, 1, 1, 2, -1}, 2);
            assertArrayEquals(new double[] {4.5, 5, -0.5, -1, 1, 1, 2, -1}, out, 1e-12);
        }
    }

    @Test
    void optimizerNeedsOneRatePerModel() {
        try (Nd4jBackend backend = new Nd4jBackend(Precision.FP64)) {
            MlpBatch models = initial(backend);
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> new Optimizer(backend, OptimizerSpec.adam(), models, new double[] {0.1}));
            assertTrue(e.getMessage().contains("one learning rate per model"), e.getMessage());
        }
    }

    private static MlpBatch initial(ComputeBackend backend) {
        Rng rng = new Rng(5);
        List<double[]> w = new ArrayList<>();
        List<double[]> b = new ArrayList<>();
        for (int l = 0; l < SPEC.layerCount(); l++) {
            double[] wl = new double[K * SPEC.fanIn(l) * SPEC.fanOut(l)];
            double[] bl = new double[K * SPEC.fanOut(l)];
            for (int i = 0; i < wl.length; i++) {
                wl[i] = rng.uniform(-0.5, 0.5);
            }
            for (int i = 0; i < bl.length; i++) {
                bl[i] = rng.uniform(-0.5, 0.5); // not 0: "left alone" must mean "kept", not "reset"
            }
            w.add(wl);
            b.add(bl);
        }
        return MlpBatch.of(backend, SPEC, K, w, b);
    }

    private static List<double[]> weights(MlpBatch models) {
        List<double[]> out = new ArrayList<>();
        for (int l = 0; l < SPEC.layerCount(); l++) {
            out.add(models.downloadWeights(l));
        }
        return out;
    }

    private static List<double[]> biases(MlpBatch models) {
        List<double[]> out = new ArrayList<>();
        for (int l = 0; l < SPEC.layerCount(); l++) {
            out.add(models.downloadBiases(l));
        }
        return out;
    }

    private static TaskData randomClassification(int n, long seed) {
        Rng rng = new Rng(seed);
        float[] x = new float[n * SPEC.inputDim()];
        int[] y = new int[n];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.normal();
        }
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(SPEC.outputDim());
        }
        Dataset d = Dataset.classification(n, SPEC.inputDim(), SPEC.outputDim(), x, y);
        return new TaskData(d, d);
    }
}
