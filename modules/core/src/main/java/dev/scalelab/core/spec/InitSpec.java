package dev.scalelab.core.spec;

import dev.scalelab.core.UserInputException;
import java.util.Locale;

/**
 * Weight initialisation. {@code TORCH_DEFAULT} is torch.nn.Linear's: weights and biases
 * ~ U(−1/√fan_in, 1/√fan_in). {@code HE_NORMAL}: weights ~ N(0, 2/fan_in), biases 0. Both are multiplied by
 * {@code scale}.
 */
public record InitSpec(Scheme scheme, double scale) {

    /**
     * {@code NTK_NORMAL} is not a choice of {@code model.init}: it is what {@code model.parametrization: ntk}
     * draws, W ~ N(0, 1/fan_in) (θ = W·√fan_in ~ N(0, 1)) and b ~ N(0, 1). {@code MEAN_FIELD_NORMAL} is what
     * {@code model.parametrization: mean_field} draws: hidden layers as NTK_NORMAL, the output layer W ~ N(0,
     * 1/fan_in²) (θ = W·fan_in ~ N(0, 1)) and b = 0.
     */
    public enum Scheme { TORCH_DEFAULT, HE_NORMAL, NTK_NORMAL, MEAN_FIELD_NORMAL }

    public InitSpec {
        UserInputException.require(scheme != null, "init scheme must be given");
        UserInputException.require(scale > 0 && Double.isFinite(scale), "init scale must be positive, got " + scale);
    }

    public static InitSpec torchDefault() {
        return new InitSpec(Scheme.TORCH_DEFAULT, 1.0);
    }

    public static Scheme parseScheme(String text, String where) {
        String key = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        return switch (key) {
            case "torch_default", "torch", "uniform" -> Scheme.TORCH_DEFAULT;
            case "he_normal", "kaiming_normal", "he" -> Scheme.HE_NORMAL;
            default -> throw new UserInputException(where + ": unknown init '" + text
                    + "' (expected torch_default or he_normal)");
        };
    }
}
