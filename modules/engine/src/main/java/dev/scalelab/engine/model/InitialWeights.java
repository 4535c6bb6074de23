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
                     double[] w, double[] b, int model) {
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
