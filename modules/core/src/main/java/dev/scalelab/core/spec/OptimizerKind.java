package dev.scalelab.core.spec;

import dev.scalelab.core.UserInputException;
import java.util.Locale;

/** Optimizers, with PyTorch's update rules (torch.optim.SGD with momentum, torch.optim.Adam). */
public enum OptimizerKind {
    SGD("sgd"),
    ADAM("adam");

    private final String id;

    OptimizerKind(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static OptimizerKind parse(String text, String where) {
        String key = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (OptimizerKind k : values()) {
            if (k.id.equals(key)) {
                return k;
            }
        }
        throw new UserInputException(where + ": unknown optimizer '" + text + "' (expected sgd or adam)");
    }

    @Override
    public String toString() {
        return id;
    }
}
