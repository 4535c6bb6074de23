package dev.scalelab.engine.model;

import dev.scalelab.core.spec.InitSpec;
import dev.scalelab.core.util.Rng;

/** Draws one layer's initial weights and biases for model k, in a fixed order, from the model's own stream. */
final class InitialWeights {
    private InitialWeights() {
    }

    /**
     * Fills model {@code model}'s [fanIn, fanOut] weights and biases; the scale of the draws uses
     * {@code effectiveFanIn}, the inputs a unit actually sees (fewer than fanIn under a connectivity mask).
     */
    static void fill(Rng rng, InitSpec.Scheme scheme, int fanIn, int fanOut, int effectiveFanIn, double scale,
                     double[] w, double[] b, int model, boolean outputLayer) {
        int wOffset = model * fanIn * fanOut;
        int bOffset = model * fanOut;
        switch (scheme) {
            case TORCH_DEFAULT -> {
                double bound = scale / Math.sqrt(effectiveFanIn);
                for (int i = 0; i < fanIn * fanOut; i++) {
                    w[wOffset + i] = rng.uniform(-bound, bound);
                }
                for (int j = 0; j < fanOut; j++) {
                    b[bOffset + j] = rng.uniform(-bound, bound);
                }
            }
            case HE_NORMAL -> {
                double std = scale * Math.sqrt(2.0 / effectiveFanIn);
                for (int i = 0; i < fanIn * fanOut; i++) {
                    w[wOffset + i] = std * rng.normal();
                }
            }
            case MEAN_FIELD_NORMAL -> {
                if (outputLayer) { // readout W = θ/m, θ ~ N(0, 1); its bias starts at 0
                    for (int i = 0; i < fanIn * fanOut; i++) {
                        w[wOffset + i] = scale / effectiveFanIn * rng.normal();
                    }
                } else {
                    fill(rng, InitSpec.Scheme.NTK_NORMAL, fanIn, fanOut, effectiveFanIn, scale, w, b, model, false);
                }
            }
            case NTK_NORMAL -> {
                double std = scale / Math.sqrt(effectiveFanIn);
                for (int i = 0; i < fanIn * fanOut; i++) {
                    w[wOffset + i] = std * rng.normal();
                }
                for (int j = 0; j < fanOut; j++) {
                    b[bOffset + j] = scale * rng.normal();
                }
            }
        }
    }
}
