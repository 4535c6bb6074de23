package dev.scalelab.pruning.popup;

import dev.scalelab.core.UserInputException;
import dev.scalelab.core.spec.LossKind;
import dev.scalelab.core.spec.MlpSpec;
import dev.scalelab.core.spec.ModelSettings;
import dev.scalelab.core.spec.OptimizerSpec;
import dev.scalelab.core.spec.TrainSpec;
import dev.scalelab.core.task.TaskData;
import dev.scalelab.core.util.Rng;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.model.MlpBatch;
import dev.scalelab.engine.train.ModelOutcome;
import dev.scalelab.engine.train.Trainer;
import dev.scalelab.engine.train.TrainingListener;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Edge-popup (Ramanujan et al. 2020, "What's hidden in a randomly weighted neural network?"): the weights stay
 * at their random values; every weight has a learnable score, and the forward pass uses, per layer, only the
 * fraction k of weights with the largest |score|. The gradient reaches the scores straight through the top-k
 * (and through |·|, as in the paper's code): ∂L/∂s = ∂L/∂(w·m) · w · sign(s). Scores train with SGD (momentum, weight decay, cosine learning rate), as in the paper.
 *
 * <p>All (init, k) combinations train together as K batched bias-free models in the engine's training loop
 * ({@link Trainer}); {@link ScoreUpdate} replaces the optimizer: it steps the scores and writes w ⊙ mask into the
 * models' weights. The masks are recomputed on the host every step (quickselect per layer and model): fine for
 * small MLPs, the cost grows with the parameter count (host work, not BLAS).
 */
public final class EdgePopup {

    /** Random weight schemes: ±√(2/fan_in) with random signs, or N(0, 2/fan_in) (Kaiming normal). */
    public enum WeightInit {
        SIGNED_CONSTANT, KAIMING_NORMAL;

        public static WeightInit parse(String text, String where) {
            return switch (text.trim().toLowerCase(Locale.ROOT).replace('-', '_')) {
                case "signed_constant", "sc" -> SIGNED_CONSTANT;
                case "kaiming_normal", "kn" -> KAIMING_NORMAL;
                default -> throw new UserInputException(where + ": unknown init '" + text
                        + "' (expected signed_constant or kaiming_normal)");
            };
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One model of the batch: its weight init and kept fraction. */
    public record Variant(WeightInit init, double k) {
        /** Directory name of this variant's run log, e.g. {@code kaiming_normal_k0.3}. */
        public String label() {
            return init.label() + "_k" + k;
        }

        /** Weights this variant keeps of a layer with {@code size} weights: k · size, rounded half up. */
        public int keep(int size) {
            return (int) Math.round(k * size);
        }

        /** Weights this variant keeps in a network of the given shape (what it computes with). */
        public long keptWeights(MlpSpec model) {
            long kept = 0;
            for (int l = 0; l < model.layerCount(); l++) {
                kept += keep(model.fanIn(l) * model.fanOut(l));
            }
            return kept;
        }
    }

    public record Spec(MlpSpec model, List<Variant> variants, int steps, int batch, double lr, double momentum,
                       double weightDecay, long seed) {
    }

    /** How each variant's training ended (in the spec's order), and the wall time. */
    public record Result(List<Variant> variants, List<ModelOutcome> outcomes, double seconds) {
        public Result {
            variants = List.copyOf(variants);
            outcomes = List.copyOf(outcomes);
        }

        /** Final test accuracy per variant. */
        public double[] testAccuracy() {
            return outcomes.stream().mapToDouble(ModelOutcome::finalTestAccuracy).toArray();
        }

        /** Final training loss per variant. */
        public double[] finalTrainLoss() {
            return outcomes.stream().mapToDouble(ModelOutcome::finalTrainLoss).toArray();
        }
    }

    private EdgePopup() {
    }

    /**
     * Trains the scores of all variants as one batch of K models in the engine's training loop; {@code listener}
     * gets each model's training loss and test metrics every {@code logEvery} steps and at the end.
     */
    public static Result train(ComputeBackend backend, Spec spec, TaskData data, int logEvery,
                               TrainingListener listener) {
        long t0 = System.nanoTime();
        MlpSpec model = spec.model();
        int k = spec.variants().size();
        List<double[]> weights = new ArrayList<>();
        List<double[]> scores = new ArrayList<>();
        List<double[]> zeroBiases = new ArrayList<>();
        for (int l = 0; l < model.layerCount(); l++) {
            int size = model.fanIn(l) * model.fanOut(l);
            double[] w = new double[k * size];
            double[] s = new double[k * size];
            double std = Math.sqrt(2.0 / model.fanIn(l));
            double bound = 1 / Math.sqrt(model.fanIn(l));
            for (int m = 0; m < k; m++) {
                Variant v = spec.variants().get(m);
                // The same random weights for every k of an init: the curves differ only by the kept fraction.
                Rng wr = Rng.forPurpose(spec.seed(), "popup-weights/" + v.init().label() + "/layer" + l);
                Rng sr = Rng.forPurpose(spec.seed(), "popup-scores/layer" + l);
                for (int i = 0; i < size; i++) {
                    w[m * size + i] = v.init() == WeightInit.SIGNED_CONSTANT
                            ? (wr.uniform() < 0.5 ? -std : std) : std * wr.normal();
                    s[m * size + i] = sr.uniform(-bound, bound);
                }
            }
            weights.add(w);
            scores.add(s);
            zeroBiases.add(new double[k * model.fanOut(l)]);
        }
        // Bias-free networks: the biases are 0 and the score update never touches them.
        MlpBatch models = MlpBatch.of(backend, model, k, weights, zeroBiases);
        ScoreUpdate update = new ScoreUpdate(models, spec, weights, scores);
        TrainSpec train = new TrainSpec(LossKind.CROSS_ENTROPY, OptimizerSpec.sgd(spec.momentum()), spec.batch());
        // Every variant sees the same batches; their weights come from the scores, not from this seed.
        List<ModelSettings> settings = Collections.nCopies(k, ModelSettings.of(spec.lr(), spec.steps(), 0,
                Math.max(1, Math.min(logEvery, spec.steps()))).withSeed(spec.seed()));
        List<ModelOutcome> outcomes = new Trainer(backend).train(models, train, settings,
                Collections.nCopies(k, data), update, listener);
        return new Result(spec.variants(), outcomes, (System.nanoTime() - t0) / 1e9);
    }
}
