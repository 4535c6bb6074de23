package dev.scalelab.core.spec;

import dev.scalelab.core.UserInputException;
import java.util.Locale;

/**
 * How a network's trained parameters θ map to the weights it computes with. {@code STANDARD}: W = θ.
 * {@code NTK} (Jacot et al.): W = θ/√fan_in, θ ~ N(0, 1) for weights and biases (b = θ_b). The engine trains W
 * directly: gradient descent on θ with rate η is gradient descent on W with rate η/fan_in (Adam, which ignores
 * the gradient's scale up to ε: η/√fan_in), and it reports norms in θ's units.
 */
public enum Parametrization {
    STANDARD("standard"),
    NTK("ntk");

    private final String id;

    Parametrization(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** θ = factor · W for a weight of a layer with this fan-in (biases: 1). */
    public double thetaPerWeight(int fanIn) {
        return this == NTK ? Math.sqrt(fanIn) : 1.0;
    }

    /** The multiplier of a weight's learning rate that makes training W train θ with the given optimizer. */
    public double weightRateFactor(int fanIn, OptimizerKind optimizer) {
        if (this == STANDARD) {
            return 1.0;
        }
        return optimizer == OptimizerKind.SGD ? 1.0 / fanIn : 1.0 / Math.sqrt(fanIn);
    }

    public static Parametrization parse(String text, String where) {
        String key = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (Parametrization p : values()) {
            if (p.id.equals(key)) {
                return p;
            }
        }
        throw new UserInputException(where + ": unknown parametrization '" + text + "' (expected standard or ntk)");
    }

    @Override
    public String toString() {
        return id;
    }
}
