package dev.scalelab.pruning.popup;

import dev.scalelab.core.UserInputException;
import dev.scalelab.core.spec.LossKind;
import dev.scalelab.core.spec.MlpSpec;
import dev.scalelab.core.task.TaskData;
import dev.scalelab.core.util.Rng;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.pruning.net.BiasFreeNet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Edge-popup (Ramanujan et al. 2020, "What's hidden in a randomly weighted neural network?"): the weights stay
 * at their random values; every weight has a learnable score, and the forward pass uses, per layer, only the
 * fraction k of weights with the largest |score|. The gradient reaches the scores straight through the top-k
 * (and through |·|, as in the paper's code): ∂L/∂s = ∂L/∂(w·m) · w · sign(s). Scores train with SGD (momentum, weight decay, cosine learning rate), as in the paper.
 *
 * <p>All (init, k) combinations train together as K batched bias-free models on the engine's primitives. The
 * masks are recomputed on the host every step (quickselect per layer and model) and the masked weights
 * uploaded: fine for small MLPs, the cost grows with the parameter count (host work, not BLAS).
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
    }

    public record Spec(MlpSpec model, List<Variant> variants, int steps, int batch, double lr, double momentum,
                       double weightDecay, long seed) {
    }

    /** Test accuracy per variant, final training loss, wall time. */
    public record Result(List<Variant> variants, double[] testAccuracy, double[] finalTrainLoss, double seconds) {
    }

    /** Progress every {@code every} steps: step and mean training loss of the batch. */
    public interface Progress {
        void at(int step, double[] losses);
    }

    private EdgePopup() {
    }

    public static Result train(ComputeBackend backend, Spec spec, TaskData data, int progressEvery, Progress progress) {
        long t0 = System.nanoTime();
        MlpSpec model = spec.model();
        int k = spec.variants().size();
        int layers = model.layerCount();
        BiasFreeNet net = new BiasFreeNet(backend, model, k, spec.batch());
        List<double[]> weights = new ArrayList<>();
        List<double[]> scores = new ArrayList<>();
        List<double[]> momentum = new ArrayList<>();
        List<double[]> masks = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
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
            momentum.add(new double[k * size]);
            masks.add(new double[k * size]);
        }
        TopK topK = new TopK();
        Rng order = Rng.forPurpose(spec.seed(), "batches");
        int n = data.train().size();
        int[] perm = order.permutation(n);
        int cursor = 0;
        float[] x = new float[k * spec.batch() * model.inputDim()];
        float[] y = new float[k * spec.batch() * model.outputDim()];
        double[] losses = new double[k];
        for (int step = 1; step <= spec.steps(); step++) {
            if (cursor + spec.batch() > n) {
                perm = order.permutation(n);
                cursor = 0;
            }
            net.batch(data.train(), perm, cursor, x, y);
            cursor += spec.batch();
            uploadMasked(net, spec, weights, scores, masks, topK);
            losses = net.lossAndGradients(x, y, LossKind.CROSS_ENTROPY);
            double lr = 0.5 * spec.lr() * (1 + Math.cos(Math.PI * (step - 1) / spec.steps()));
            for (int l = 0; l < layers; l++) {
                double[] g = net.backend().download(net.gradient(l));
                double[] w = weights.get(l);
                double[] s = scores.get(l);
                double[] buf = momentum.get(l);
                for (int i = 0; i < s.length; i++) {
                    double grad = g[i] * w[i] * Math.signum(s[i]) + spec.weightDecay() * s[i];
                    buf[i] = spec.momentum() * buf[i] + grad;
                    s[i] -= lr * buf[i];
                }
            }
            if (progress != null && (step % progressEvery == 0 || step == spec.steps())) {
                progress.at(step, losses);
            }
        }
        uploadMasked(net, spec, weights, scores, masks, topK);
        BiasFreeNet eval = new BiasFreeNet(backend, model, k, 1000);
        for (int l = 0; l < layers; l++) {
            double[] eff = weights.get(l).clone();
            double[] mk = masks.get(l);
            for (int i = 0; i < eff.length; i++) {
                eff[i] *= mk[i];
            }
            eval.uploadWeights(l, eff);
        }
        double[] acc = eval.accuracy(data.test());
        return new Result(spec.variants(), acc, losses, (System.nanoTime() - t0) / 1e9);
    }

    /** Recomputes every layer's top-k mask from the scores and uploads w ⊙ m. */
    private static void uploadMasked(BiasFreeNet net, Spec spec, List<double[]> weights, List<double[]> scores,
                                     List<double[]> masks, TopK topK) {
        MlpSpec model = spec.model();
        for (int l = 0; l < model.layerCount(); l++) {
            int size = model.fanIn(l) * model.fanOut(l);
            double[] mk = masks.get(l);
            double[] eff = new double[mk.length];
            double[] w = weights.get(l);
            for (int m = 0; m < spec.variants().size(); m++) {
                int keep = (int) Math.round(spec.variants().get(m).k() * size);
                topK.mask(scores.get(l), m * size, size, keep, mk);
            }
            for (int i = 0; i < eff.length; i++) {
                eff[i] = w[i] * mk[i];
            }
            net.uploadWeights(l, eff);
        }
    }
}
