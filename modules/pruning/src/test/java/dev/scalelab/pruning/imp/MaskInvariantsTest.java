package dev.scalelab.pruning.imp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import dev.scalelab.engine.compute.Precision;
import dev.scalelab.engine.model.MlpBatch;
import dev.scalelab.engine.nd4j.Nd4jBackend;
import dev.scalelab.engine.train.Trainer;
import dev.scalelab.engine.train.TrainingListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Masks survive training: after steps of Adam and of SGD with momentum (whose state would regrow a pruned
 * weight if the mask were applied only once), every pruned weight is exactly 0, kept weights and all biases
 * train, and a second level's mask only shrinks. The random-pruning control trains under the same guarantee.
 */
class MaskInvariantsTest {
    static final MlpSpec SPEC = new MlpSpec(12, List.of(16, 8), 3, Activation.RELU);

    @ParameterizedTest
    @ValueSource(strings = {"adam", "sgd-momentum"})
    void prunedWeightsStayExactlyZero(String optimizer) {
        try (Nd4jBackend backend = new Nd4jBackend(Precision.FP32)) {
            long[] seeds = {1, 2, 3};
            MlpBatch models = MlpBatch.initialize(backend, SPEC, InitSpec.torchDefault(), seeds, new double[] {1, 1, 1});
            PruningSpec pruning = PruningSpec.outputAtHalfRate(0.5, SPEC.layerCount());
            List<Mask> masks = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                Mask ticket = MagnitudePruner.prune(Mask.dense(SPEC), weightsOf(models, k), pruning);
                masks.add(k == 2 ? Controls.randomPruning(ticket, new Rng(5)) : ticket);
            }
            List<double[]> biasesBefore = new ArrayList<>();
            List<double[]> weightsBefore = new ArrayList<>();
            for (int l = 0; l < SPEC.layerCount(); l++) {
                models.setMask(l, Mask.stack(masks, l));
                biasesBefore.add(models.downloadBiases(l));
                weightsBefore.add(models.downloadWeights(l));
            }
            OptimizerSpec opt = optimizer.equals("adam") ? OptimizerSpec.adam() : OptimizerSpec.sgd(0.9);
            double lr = optimizer.equals("adam") ? 0.05 : 0.2;
            train(backend, models, opt, lr, 25);
            assertPrunedAreZero(models, masks);
            for (int l = 0; l < SPEC.layerCount(); l++) {
                assertNotEquals(biasesBefore.get(l)[0], models.downloadBiases(l)[0], "biases are never masked");
                double[] w = models.downloadWeights(l);
                int changed = 0;
                for (int i = 0; i < w.length; i++) {
                    if (w[i] != weightsBefore.get(l)[i]) {
                        changed++;
                    }
                }
                assertTrue(changed > 0, "kept weights train, layer " + l);
            }
            // Level 2 from the trained weights: a subset of level 1, exact counts, still zero after training.
            List<Mask> next = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                Mask m = MagnitudePruner.prune(masks.get(k), weightsOf(models, k), pruning);
                assertTrue(m.within(masks.get(k)));
                assertEquals(masks.get(k).keptCount(0) - PruningSpec.pruneCount(masks.get(k).keptCount(0), 0.5),
                        m.keptCount(0));
                next.add(m);
            }
            for (int l = 0; l < SPEC.layerCount(); l++) {
                models.setMask(l, Mask.stack(next, l));
            }
            train(backend, models, opt, lr, 15);
            assertPrunedAreZero(models, next);
        }
    }

    private static void train(Nd4jBackend backend, MlpBatch models, OptimizerSpec opt, double lr, int steps) {
        TaskFactory tasks = new TaskFactory(Path.of("unused"));
        List<TaskData> data = new ArrayList<>();
        for (int k = 0; k < models.models(); k++) {
            data.add(tasks.create(new TaskSpec(TaskKind.RANDOM_CLASSES, 64, 12, 3, 0, 0, 7)));
        }
        TrainSpec train = new TrainSpec(LossKind.CROSS_ENTROPY, opt, 16);
        ModelSettings model = ModelSettings.of(lr, steps, 0, 5);
        new Trainer(backend).train(models, train, List.of(model.withSeeds(1, 7), model.withSeeds(2, 7),
                model.withSeeds(3, 7)), data, TrainingListener.NONE);
    }

    static List<double[]> weightsOf(MlpBatch models, int model) {
        List<double[]> out = new ArrayList<>();
        for (int l = 0; l < models.spec().layerCount(); l++) {
            int size = models.spec().fanIn(l) * models.spec().fanOut(l);
            double[] all = models.downloadWeights(l);
            double[] one = new double[size];
            System.arraycopy(all, model * size, one, 0, size);
            out.add(one);
        }
        return out;
    }

    private static void assertPrunedAreZero(MlpBatch models, List<Mask> masks) {
        for (int k = 0; k < masks.size(); k++) {
            List<double[]> w = weightsOf(models, k);
            for (int l = 0; l < w.size(); l++) {
                for (int i = 0; i < w.get(l).length; i++) {
                    if (!masks.get(k).kept(l, i)) {
                        assertTrue(w.get(l)[i] == 0.0, "model " + k + " layer " + l + " index " + i + ": " + w.get(l)[i]);
                    }
                }
            }
        }
    }
}
