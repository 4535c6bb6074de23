package dev.scalelab.engine.compute;

import dev.scalelab.core.UserInputException;
import dev.scalelab.engine.nd4j.Nd4jBackend;
import java.util.Locale;

/** Creates a compute backend from its user-facing name. */
public final class Backends {
    public static final String AVAILABLE = "cpu (alias nd4j)";

    private Backends() {
    }

    public static ComputeBackend create(String name, Precision precision) {
        String key = name == null ? "cpu" : name.trim().toLowerCase(Locale.ROOT);
        return switch (key) {
            case "cpu", "nd4j", "nd4j-cpu" -> new Nd4jBackend(precision);
            default -> throw new UserInputException("--backend: unknown backend '" + name + "' (available: "
                    + AVAILABLE + ")");
        };
    }
}
