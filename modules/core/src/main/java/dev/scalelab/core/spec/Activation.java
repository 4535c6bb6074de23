package dev.scalelab.core.spec;

import dev.scalelab.core.UserInputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Pointwise activation functions of hidden layers; the output layer is always linear (identity). */
public enum Activation {
    RELU("relu"),
    /** Rectified quadratic unit max(x, 0)^2. */
    REQU("requ"),
    /** Logistic sigmoid 1 / (1 + e^-x). */
    SIGMOID("sigmoid"),
    /** Gaussian bump exp(-x^2). */
    GAUSSIAN("gaussian"),
    TANH("tanh"),
    IDENTITY("identity");

    private final String id;

    Activation(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public double apply(double x) {
        return switch (this) {
            case RELU -> Math.max(x, 0);
            case REQU -> x > 0 ? x * x : 0;
            case SIGMOID -> 1.0 / (1.0 + Math.exp(-x));
            case GAUSSIAN -> Math.exp(-x * x);
            case TANH -> Math.tanh(x);
            case IDENTITY -> x;
        };
    }

    public double derivative(double x) {
        return switch (this) {
            case RELU -> x > 0 ? 1 : 0;
            case REQU -> x > 0 ? 2 * x : 0;
            case SIGMOID -> {
                double s = 1.0 / (1.0 + Math.exp(-x));
                yield s * (1 - s);
            }
            case GAUSSIAN -> -2 * x * Math.exp(-x * x);
            case TANH -> {
                double t = Math.tanh(x);
                yield 1 - t * t;
            }
            case IDENTITY -> 1;
        };
    }

    public static Activation parse(String text, String where) {
        String key = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (Activation a : values()) {
            if (a.id.equals(key)) {
                return a;
            }
        }
        throw new UserInputException(where + ": unknown activation '" + text + "' (expected one of "
                + Arrays.stream(values()).map(Activation::id).collect(Collectors.joining(", ")) + ")");
    }

    @Override
    public String toString() {
        return id;
    }
}
