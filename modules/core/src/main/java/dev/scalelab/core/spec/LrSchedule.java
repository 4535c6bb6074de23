package dev.scalelab.core.spec;

import dev.scalelab.core.UserInputException;
import java.util.Locale;

/** How the learning rate changes over a run's steps. */
public enum LrSchedule {
    CONSTANT("constant"),
    /** lr · ½(1 + cos(π (t − 1)/T)) at step t of T: torch's CosineAnnealingLR with T_max = T and η_min = 0. */
    COSINE("cosine");

    private final String id;

    LrSchedule(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The multiplier of the base learning rate at step {@code step} (1-based) of {@code steps}. */
    public double factor(long step, long steps) {
        return switch (this) {
            case CONSTANT -> 1.0;
            case COSINE -> 0.5 * (1 + Math.cos(Math.PI * (step - 1) / steps));
        };
    }

    public static LrSchedule parse(String text, String where) {
        String key = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (LrSchedule s : values()) {
            if (s.id.equals(key)) {
                return s;
            }
        }
        throw new UserInputException(where + ": unknown learning-rate schedule '" + text
                + "' (expected constant or cosine)");
    }

    @Override
    public String toString() {
        return id;
    }
}
