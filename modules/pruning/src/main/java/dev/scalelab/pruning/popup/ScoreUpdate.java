package dev.scalelab.pruning.popup;

import dev.scalelab.core.spec.MlpSpec;
import dev.scalelab.engine.model.MlpBatch;
import dev.scalelab.engine.model.ParameterTensors;
import dev.scalelab.engine.train.ParameterUpdate;
import java.util.List;

/**
 * Edge-popup's update rule in place of an optimizer: the gradient with respect to the effective weights w ⊙ m
 * reaches the scores straight through the top-k and |·| (∂L/∂s = ∂L/∂(w⊙m) · w · sign(s), plus weight decay on
 * the scores); SGD with momentum and a cosine learning rate steps the scores; the new top-k masks give the
 * weights of the next forward pass. Scores, momentum and the frozen random weights live on the host.
 */
final class ScoreUpdate implements ParameterUpdate {
    private final MlpBatch models;
    private final EdgePopup.Spec spec;
    private final List<double[]> weights;
    private final List<double[]> scores;
    private final double[][] momentum;
    /** Per layer, w ⊙ m as uploaded: rewritten in place every step. */
    private final double[][] effective;
    private final boolean[] frozen;
    private final TopK topK = new TopK();

    /** Takes the frozen weights and initial scores (per layer, [K, fan_in, fan_out]) and sets the first masks. */
    ScoreUpdate(MlpBatch models, EdgePopup.Spec spec, List<double[]> weights, List<double[]> scores) {
        this.models = models;
        this.spec = spec;
        this.weights = weights;
        this.scores = scores;
        this.momentum = new double[weights.size()][];
        this.effective = new double[weights.size()][];
        for (int l = 0; l < weights.size(); l++) {
            momentum[l] = new double[weights.get(l).length];
            effective[l] = new double[weights.get(l).length];
        }
        this.frozen = new boolean[models.models()];
        uploadMaskedWeights();
    }

    @Override
    public void step(long step, ParameterTensors gradients) {
        double lr = 0.5 * spec.lr() * (1 + Math.cos(Math.PI * (step - 1) / spec.steps()));
        MlpSpec model = models.spec();
        for (int l = 0; l < model.layerCount(); l++) {
            double[] g = models.backend().download(gradients.weights().get(l));
            double[] w = weights.get(l);
            double[] s = scores.get(l);
            double[] buf = momentum[l];
            int size = model.fanIn(l) * model.fanOut(l);
            for (int m = 0; m < frozen.length; m++) {
                if (frozen[m]) {
                    continue;
                }
                for (int i = m * size, end = (m + 1) * size; i < end; i++) {
                    double grad = g[i] * w[i] * Math.signum(s[i]) + spec.weightDecay() * s[i];
                    buf[i] = spec.momentum() * buf[i] + grad;
                    s[i] -= lr * buf[i];
                }
            }
        }
        uploadMaskedWeights();
    }

    @Override
    public void freeze(int model) {
        frozen[model] = true;
    }

    /** Recomputes every layer's top-k mask from the scores and writes w ⊙ m into the models' weights. */
    private void uploadMaskedWeights() {
        MlpSpec model = models.spec();
        for (int l = 0; l < model.layerCount(); l++) {
            int size = model.fanIn(l) * model.fanOut(l);
            double[] w = weights.get(l);
            double[] e = effective[l];
            for (int m = 0; m < frozen.length; m++) {
                topK.mask(scores.get(l), m * size, size, spec.variants().get(m).keep(size), e);
            }
            for (int i = 0; i < e.length; i++) {
                e[i] *= w[i];
            }
            models.uploadWeights(l, e);
        }
    }
}
