package dev.scalelab.scaling;

/**
 * A point estimate with its bootstrap percentile interval (NaN bounds when there was no bootstrap).
 *
 * @param name        short name (A, alpha, a, G, L, N_opt, ...)
 * @param value       the estimate from the full data
 * @param lo          lower percentile
 * @param hi          upper percentile
 * @param description what it is
 */
public record Estimate(String name, double value, double lo, double hi, String description) {
}
