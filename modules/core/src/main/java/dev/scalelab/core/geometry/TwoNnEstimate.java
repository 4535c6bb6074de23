package dev.scalelab.core.geometry;

/**
 * A TwoNN intrinsic dimension: {@code dimension} is the slope of the paper's line fit, {@code mleDimension} the
 * maximum-likelihood estimate of the same Pareto law for comparison. {@code pointsUsed} points had a nearest
 * neighbour at non-zero distance, {@code pointsFitted} of them (the smallest μ) entered the line fit, and
 * {@code duplicatesSkipped} were left out because a copy of them sits at distance 0. The intervals are percentile
 * bootstrap intervals over the μ values at level {@code confidence}; NaN when no resampling was asked for.
 */
public record TwoNnEstimate(double dimension, Interval dimensionInterval, double mleDimension, Interval mleInterval,
                            int pointsUsed, int pointsFitted, int duplicatesSkipped, double confidence) {

    /** A two-sided interval [lower, upper]; both NaN when not computed. */
    public record Interval(double lower, double upper) {
        public static final Interval NONE = new Interval(Double.NaN, Double.NaN);

        public boolean contains(double value) {
            return value >= lower && value <= upper;
        }
    }
}
