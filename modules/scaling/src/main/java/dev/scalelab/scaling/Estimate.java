package dev.scalelab.scaling;

/**
 * A point estimate with its bootstrap percentile interval (NaN bounds when there was no bootstrap, or when the
 * quantity is a parameter fixed by {@code --fix}).
 *
 * @param name        short name (A, alpha, a, G, L, N_opt, ...)
 * @param value       the estimate from the full data, or the value it was fixed at
 * @param lo          lower percentile
 * @param hi          upper percentile
 * @param description what it is
 * @param fixed       a parameter held at its value, not fitted
 */
public record Estimate(String name, double value, double lo, double hi, String description, boolean fixed) {
    /** A fitted quantity. */
    public Estimate(String name, double value, double lo, double hi, String description) {
        this(name, value, lo, hi, description, false);
    }

    /** A parameter held at {@code value}. */
    public static Estimate fixed(String name, double value) {
        return new Estimate(name, value, Double.NaN, Double.NaN, "fixed", true);
    }
}
