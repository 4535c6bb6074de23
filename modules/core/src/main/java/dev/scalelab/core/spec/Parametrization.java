package dev.scalelab.core.spec;

import dev.scalelab.core.UserInputException;
import java.util.Locale;

/**
 * How a network's trained parameters θ map to the weights it computes with, and how fast θ is trained.
 * <ul>
 * <li>{@code STANDARD}: W = θ.</li>
 * <li>{@code NTK} (Jacot et al. 2018): W = θ/√fan_in, θ ~ N(0, 1) for weights and biases (b = θ_b). Gradient
 * descent on θ with rate η is gradient descent on W with rate η/fan_in (Adam, which ignores the gradient's scale up
 * to ε: η/√fan_in).</li>
 * <li>{@code MEAN_FIELD} (Mei, Montanari &amp; Nguyen 2018; for one hidden layer it is μP, Yang &amp; Hu 2021,
 * Table 3): one hidden layer of width m only, f(x) = (1/m)·Σ_j a_j σ(w_j·x/√d + b_j) + c, i.e. hidden weights
 * W₁ = θ₁/√d, readout W₂ = θ₂/m, θ ~ N(0, 1) for W₁, b₁ and θ₂, and c = 0 at the start. Each unit is a
 * "particle" that must move O(1) per unit of time, so SGD trains θ₁, b₁ and θ₂ at rate η·m (MMN's time scaling)
 * and the readout bias c at η: on W that is rate η·m/d for W₁, η·m for b₁, η/m for W₂ and η for c. Adam's step
 * does not depend on the gradient's scale, so it trains every θ at η: W₁ at η/√d, W₂ at η/m, biases at η.
 * Then the hidden layer's relative change ‖ΔW₁‖/‖W₁(0)‖ stays O(1) as m grows, where under NTK it falls like
 * 1/√m.</li>
 * </ul>
 * The engine trains W directly with these per-layer rates and reports norms in θ's units.
 */
public enum Parametrization {
    STANDARD("standard"),
    NTK("ntk"),
    MEAN_FIELD("mean_field");

    private final String id;

    Parametrization(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    private static boolean output(MlpSpec spec, int layer) {
        return layer == spec.layerCount() - 1;
    }

    /** θ = factor · W for a weight of this layer (biases: 1). */
    public double thetaPerWeight(MlpSpec spec, int layer) {
        return switch (this) {
            case STANDARD -> 1.0;
            case NTK -> Math.sqrt(spec.fanIn(layer));
            case MEAN_FIELD -> output(spec, layer) ? spec.fanIn(layer) : Math.sqrt(spec.fanIn(layer));
        };
    }

    /** The multiplier of this layer's weights' learning rate that makes training W train θ. */
    public double weightRateFactor(MlpSpec spec, int layer, OptimizerKind optimizer) {
        boolean sgd = optimizer == OptimizerKind.SGD;
        int fanIn = spec.fanIn(layer);
        return switch (this) {
            case STANDARD -> 1.0;
            case NTK -> sgd ? 1.0 / fanIn : 1.0 / Math.sqrt(fanIn);
            case MEAN_FIELD -> {
                if (output(spec, layer)) {
                    yield 1.0 / fanIn; // SGD: (η·m)·(1/m)² ; Adam: η·(1/m)
                }
                yield sgd ? (double) spec.fanOut(layer) / fanIn : 1.0 / Math.sqrt(fanIn);
            }
        };
    }

    /** The multiplier of this layer's biases' learning rate (mean field with SGD: m for the hidden biases). */
    public double biasRateFactor(MlpSpec spec, int layer, OptimizerKind optimizer) {
        if (this == MEAN_FIELD && optimizer == OptimizerKind.SGD && !output(spec, layer)) {
            return spec.fanOut(layer);
        }
        return 1.0;
    }

    public static Parametrization parse(String text, String where) {
        String key = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        for (Parametrization p : values()) {
            if (p.id.equals(key)) {
                return p;
            }
        }
        throw new UserInputException(where + ": unknown parametrization '" + text
                + "' (expected standard, ntk or mean_field)");
    }

    @Override
    public String toString() {
        return id;
    }
}
