package dev.scalelab.scaling.fit;

/**
 * Outcome of one L-BFGS run.
 *
 * @param x           final point
 * @param value       objective at {@code x}
 * @param gradientInf infinity norm of the gradient at {@code x}
 * @param iterations  iterations taken
 * @param evaluations objective evaluations
 * @param converged   whether a convergence test (gradient or relative decrease) was met
 * @param reason      why it stopped
 */
public record LbfgsResult(double[] x, double value, double gradientInf, int iterations, int evaluations,
                          boolean converged, String reason) {
}
