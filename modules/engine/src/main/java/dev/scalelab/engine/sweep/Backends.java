package dev.scalelab.engine.sweep;

import dev.scalelab.core.UserInputException;
import dev.scalelab.core.config.ConfigFields;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.compute.Precision;
import dev.scalelab.engine.nd4j.Nd4jBackend;

/** The compute backends a sweep may name (config key {@code backend}, flag {@code --backend}). */
public final class Backends {
    public static final String VALID = "cpu (alias nd4j)";

    private Backends() {
    }

    /** The canonical id of a backend name; an unknown name is a one-line user error listing the valid ones. */
    public static String id(String name) {
        try {
            return ConfigFields.backendId(name);
        } catch (UserInputException e) {
            throw new UserInputException("unknown backend '" + name + "' (valid backends: " + VALID + ")");
        }
    }

    /** A new backend instance (each job gets its own). */
    public static ComputeBackend create(String id) {
        return switch (id(id)) {
            case "cpu" -> new Nd4jBackend(Precision.FP32);
            default -> throw new UserInputException("unknown backend '" + id + "' (valid backends: " + VALID + ")");
        };
    }
}
