package dev.scalelab.core.spec;

import dev.scalelab.core.UserInputException;
import java.util.Locale;

/** Training losses. MSE is the mean over all output elements, like torch.nn.MSELoss (no factor 1/2). */
public enum LossKind {
    MSE("mse"),
    /** Softmax cross-entropy with integer class labels, mean over the batch. */
    CROSS_ENTROPY("cross_entropy");

    private final String id;

    LossKind(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static LossKind parse(String text, String where) {
        String key = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        if (key.equals("ce") || key.equals("xent")) {
            return CROSS_ENTROPY;
        }
        for (LossKind k : values()) {
            if (k.id.equals(key)) {
                return k;
            }
        }
        throw new UserInputException(where + ": unknown loss '" + text + "' (expected mse or cross_entropy)");
    }

    @Override
    public String toString() {
        return id;
    }
}
