package dev.scalelab.engine.cuda;

import dev.scalelab.core.UserInputException;

/**
 * Whether the training loop replays recorded CUDA graphs: {@code $SCALELAB_CUDA_GRAPHS} = 1 (the default when
 * unset), or 0 to issue every primitive of every step (to compare the two, or to get around a driver problem).
 */
final class GraphSetting {
    static final String VARIABLE = "SCALELAB_CUDA_GRAPHS";

    private GraphSetting() {
    }

    static boolean fromEnvironment() {
        return parse(System.getenv(VARIABLE));
    }

    static boolean parse(String value) {
        if (value == null || value.isBlank()) {
            return true;
        }
        return switch (value.trim()) {
            case "1" -> true;
            case "0" -> false;
            default -> throw new UserInputException("$" + VARIABLE + " must be 1 (CUDA graphs, the default) or 0 "
                    + "(no graphs), got '" + value + "'");
        };
    }
}
