package dev.scalelab.engine.reference;

import dev.scalelab.core.spec.ModelSettings;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.core.spec.Activation;
import dev.scalelab.core.spec.InitSpec;
import dev.scalelab.core.spec.LossKind;
import dev.scalelab.core.spec.MlpSpec;
import dev.scalelab.core.spec.OptimizerSpec;
import dev.scalelab.core.spec.TrainSpec;
import dev.scalelab.core.task.TaskData;
import dev.scalelab.core.task.TaskFactory;
import dev.scalelab.core.task.TaskKind;
import dev.scalelab.core.task.TaskSpec;
import dev.scalelab.core.util.Rng;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.compute.Precision;
import dev.scalelab.engine.compute.Tensor;
import dev.scalelab.engine.model.MlpBatch;
import dev.scalelab.engine.nd4j.Nd4jBackend;
import dev.scalelab.engine.train.Trainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The plain-Java FP64 backend: known answers, and training that follows ND4J's FP64 backend step for step. */
class ReferenceBackendTest {
    private final ReferenceBackend ref = new ReferenceBackend();

    @Test
    void batchedMatmulKnownAnswerWithTransposes() {
        // Model 0: [[1, 2], [3, 4]] · [[5, 6], [7, 8]] = [[19, 22], [43, 50]]; model 1: identity · B = B.
        Tensor a = put(new double[] {1, 2, 3, 4, 1, 0, 0, 1}, 2, 2, 2);
        Tensor b = put(new double[] {5, 6, 7, 8, 1, 2, 3, 4}, 2, 2, 2);
        Tensor c = ref.allocate(2, 2, 2);
        ref.batchedMatmul(a, false, b, false, c);
        assertArrayEquals(new double[] {19, 22, 43, 50, 1, 2, 3, 4}, ref.download(c), 0);
        ref.batchedMatmul(a, true, b, false, c); // Aᵀ = [[1, 3], [2, 4]]
        assertArrayEquals(new double[] {26, 30, 38, 44, 1, 2, 3, 4}, ref.download(c), 0);
        ref.batchedMatmul(a, false, b, true, c); // Bᵀ = [[5, 7], [6, 8]]
        assertArrayEquals(new double[] {17, 23, 39, 53, 1, 3, 2, 4}, ref.download(c), 0);
    }

    @Test
    void lossesKnownAnswers() {
        // Cross-entropy of equal logits over 4 classes is log 4; its gradient is (1/4 − y) / rows.
        Tensor out = put(new double[] {3, 3, 3, 3, 0, 0, 0, 0}, 1, 2, 4);
        Tensor y = put(new double[] {0, 1, 0, 0, 1, 0, 0, 0}, 1, 2, 4);
        Tensor g = ref.allocate(1, 2, 4);
        assertEquals(Math.log(4), ref.lossAndGradient(LossKind.CROSS_ENTROPY, out, y, g)[0], 1e-15);
        assertArrayEquals(new double[] {0.125, -0.375, 0.125, 0.125, -0.375, 0.125, 0.125, 0.125},
                ref.download(g), 1e-15);
        // MSE is the mean of squares (no ½), gradient 2 (o − y) / n.
        Tensor o = put(new double[] {1, 2, 3, 4}, 1, 4, 1);
        Tensor t = put(new double[] {1, 0, 3, 0}, 1, 4, 1);
        assertEquals((4 + 16) / 4.0, ref.lossAndGradient(LossKind.MSE, o, t, g = ref.allocate(1, 4, 1))[0], 0);
        assertArrayEquals(new double[] {0, 1, 0, 2}, ref.download(g), 0);
    }

    @Test
    void adamFirstStepMovesEveryWeightByTheLearningRate() {
        // PyTorch's Adam at t = 1: m̂ = g, v̂ = g², so the step is lr · g / (|g| + ε) ≈ lr · sign(g).
        Tensor p = put(new double[] {1, 1, 1, 1}, 2, 1, 2);
        Tensor g = put(new double[] {0.5, -2, 3, -1e-3}, 2, 1, 2);
        Tensor lr = put(new double[] {0.1, 0.0}, 2, 1, 1);
        ref.adamStep(p, g, ref.allocate(2, 1, 2), ref.allocate(2, 1, 2), lr, 0.9, 0.999, 1e-8, 1);
        assertArrayEquals(new double[] {0.9, 1.1, 1, 1}, ref.download(p), 1e-6);
    }

    @Test
    void contiguousPiecesAliasOneBuffer() {
        List<Tensor> pieces = new ArrayList<>();
        Tensor all = ref.allocateContiguous(List.of(new int[] {2, 1, 3}, new int[] {1, 2, 2}), pieces);
        assertNotNull(all);
        assertEquals(10, all.length());
        ref.upload(new double[] {1, 2, 3, 4, 5, 6}, pieces.get(0));
        ref.upload(new double[] {7, 8, 9, 10}, pieces.get(1));
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, ref.download(all), 0);
        ref.applyMask(all, put(new double[] {1, 0, 1, 0, 1, 0, 1, 0, 1, 0}, 1, 1, 10));
        assertArrayEquals(new double[] {7, 0, 9, 0}, ref.download(pieces.get(1)), 0);
    }

    /** The training loop on the reference follows ND4J's FP64 backend for every activation × loss × optimizer. */
    @Test
    void trainsLikeNd4jInFp64() {
        Nd4jBackend nd4j = new Nd4jBackend(Precision.FP64);
        int steps = 8;
        for (Activation act : Activation.values()) {
            for (LossKind loss : LossKind.values()) {
                for (boolean adam : new boolean[] {true, false}) {
                    boolean masked = act.ordinal() % 2 == 0;
                    double[][] want = trajectory(nd4j, act, loss, adam, masked, steps);
                    double[][] got = trajectory(ref, act, loss, adam, masked, steps);
                    for (int m = 0; m < want.length; m++) {
                        for (int s = 1; s <= steps; s++) {
                            assertTrue(Double.isFinite(want[m][s]), "finite ND4J loss");
                            assertEquals(want[m][s], got[m][s], 1e-10 * Math.abs(want[m][s]),
                                    act + " " + loss + (adam ? " adam" : " sgd") + " model " + m + " step " + s);
                        }
                    }
                }
            }
        }
    }

    private static double[][] trajectory(ComputeBackend backend, Activation act, LossKind loss, boolean adam,
                                         boolean masked, int steps) {
        int k = 3;
        long[] seeds = {0, 1, 2};
        double[] lrs = adam ? new double[] {0.01, 0.003, 0.02} : new double[] {0.05, 0.02, 0.1};
        int outputs = loss == LossKind.MSE ? 1 : 3;
        MlpSpec spec = new MlpSpec(5, List.of(9, 7), outputs, act);
        TrainSpec train = new TrainSpec(loss, adam ? OptimizerSpec.adam() : OptimizerSpec.sgd(0.9), 8);
        TaskFactory factory = new TaskFactory(Path.of("unused"));
        List<TaskData> data = new ArrayList<>();
        for (long s : seeds) {
            data.add(factory.create(loss == LossKind.MSE ? new TaskSpec(TaskKind.TEACHER_STUDENT, 24, 5, 0, 0, 4, s)
                    : new TaskSpec(TaskKind.RANDOM_CLASSES, 24, 5, outputs, 0, 0, s)));
        }
        MlpBatch models = MlpBatch.initialize(backend, spec, InitSpec.torchDefault(), seeds, new double[] {1, 1, 1});
        if (masked) {
            Rng rng = new Rng(3);
            for (int l = 0; l < spec.layerCount(); l++) {
                double[] mask = new double[k * spec.fanIn(l) * spec.fanOut(l)];
                for (int i = 0; i < mask.length; i++) {
                    mask[i] = rng.uniform() < 0.6 ? 1 : 0;
                }
                models.setMask(l, mask);
            }
        }
        double[][] losses = new double[k][steps + 1];
        List<ModelSettings> settings = new ArrayList<>();
        for (int m = 0; m < k; m++) {
            settings.add(new ModelSettings(seeds[m], seeds[m], lrs[m], 1, steps, 0, 1));
        }
        new Trainer(backend).train(models, train, settings, data,
                x -> losses[x.model()][(int) x.step()] = x.trainLoss());
        return losses;
    }

    private Tensor put(double[] values, int k, int rows, int cols) {
        Tensor t = ref.allocate(k, rows, cols);
        ref.upload(values, t);
        return t;
    }
}
