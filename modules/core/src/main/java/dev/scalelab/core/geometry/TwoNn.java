package dev.scalelab.core.geometry;

import dev.scalelab.core.UserInputException;
import dev.scalelab.core.util.Rng;
import java.util.Arrays;

/**
 * The TwoNN intrinsic-dimension estimator of Facco, d'Errico, Rodriguez & Laio (2017), "Estimating the intrinsic
 * dimension of datasets by a minimal neighborhood information", Sci. Rep. 7:12140 — as used by Sharma & Kaplan
 * (2020) for the dimension of data manifolds.
 *
 * <p>For each point, μ = r2/r1 (second over first nearest-neighbour distance). If the density is locally constant
 * on a d-dimensional manifold, μ follows the Pareto law F(μ) = 1 − μ^(−d), so −log(1 − F(μ)) = d·log μ. As in the
 * paper: sort the N values of μ, take the empirical F(μ_i) = i/N, leave out the largest fraction (default 10%, the
 * tail most affected by density changes and noise) and fit a line through the origin of −log(1 − F) against
 * log μ by least squares; d is its slope. For comparison, {@code mleDimension} = (N − 1) / Σ log μ_i over all N
 * ratios, the maximum-likelihood estimate of the Pareto exponent (unbiased form), which uses the tail as well.
 *
 * <p>Points at distance 0 from another point (duplicates) have no μ and are left out and counted. The interval is a
 * percentile bootstrap that resamples the μ values with replacement; it treats them as independent, which they are
 * not quite (neighbouring points share neighbours), so it understates the spread somewhat. It says nothing about
 * the estimator's bias (e.g. the known underestimate at high d with few points).
 */
public final class TwoNn {
    private TwoNn() {
    }

    /** The estimate for {@code rows} points of dimension {@code cols}, row-major, with the default settings. */
    public static TwoNnEstimate estimate(double[] points, int rows, int cols) {
        return estimate(points, rows, cols, TwoNnSettings.defaults());
    }

    public static TwoNnEstimate estimate(double[] points, int rows, int cols, TwoNnSettings settings) {
        return fromDistances(TwoNearestNeighbours.of(points, rows, cols, settings.threads()), settings);
    }

    /** As the double[] version; the coordinates are widened to double first (a copy of the points). */
    public static TwoNnEstimate estimate(float[] points, int rows, int cols, TwoNnSettings settings) {
        UserInputException.require(points != null, "points must be given");
        double[] wide = new double[points.length];
        for (int k = 0; k < points.length; k++) {
            wide[k] = points[k];
        }
        return estimate(wide, rows, cols, settings);
    }

    /** The estimate from first and second nearest-neighbour distances found elsewhere. */
    public static TwoNnEstimate fromDistances(NeighbourDistances distances, TwoNnSettings settings) {
        double[] logMu = logRatios(distances);
        int used = logMu.length;
        int skipped = distances.size() - used;
        UserInputException.require(used >= 3, "points: only " + used + " of " + distances.size()
                + " points have a nearest neighbour at non-zero distance (the others are duplicates); TwoNN needs 3");
        Arrays.sort(logMu);
        int fitted = (int) Math.min(used - 1, Math.floor(used * (1 - settings.discardFraction()) + 1e-9));
        UserInputException.require(fitted >= 2, "discardFraction " + settings.discardFraction() + " leaves "
                + fitted + " of " + used + " ratios for the fit; it needs at least 2");
        double[] y = new double[fitted];
        for (int i = 0; i < fitted; i++) {
            y[i] = -Math.log1p(-(i + 1.0) / used);
        }
        double dimension = slope(logMu, y);
        UserInputException.require(Double.isFinite(dimension), "points: r2 = r1 for every fitted point (a regular"
                + " grid?), so the TwoNN slope is undefined");
        double mle = (used - 1) / sum(logMu);
        TwoNnEstimate.Interval fitInterval = TwoNnEstimate.Interval.NONE;
        TwoNnEstimate.Interval mleInterval = TwoNnEstimate.Interval.NONE;
        int samples = settings.bootstrapSamples();
        if (samples > 0) {
            double[][] replicates = bootstrap(logMu, y, samples, settings.seed());
            fitInterval = percentiles(replicates[0], settings.confidence());
            mleInterval = percentiles(replicates[1], settings.confidence());
        }
        return new TwoNnEstimate(dimension, fitInterval, mle, mleInterval, used, fitted, skipped,
                settings.confidence());
    }

    /** log(r2/r1) of every point with r1 > 0, in point order. */
    private static double[] logRatios(NeighbourDistances d) {
        double[] out = new double[d.size()];
        int used = 0;
        for (int i = 0; i < d.size(); i++) {
            double r1 = d.first()[i];
            double r2 = d.second()[i];
            UserInputException.require(r1 >= 0 && r2 >= r1 && Double.isFinite(r2), "distances of point " + i
                    + " must satisfy 0 ≤ first ≤ second < ∞, got " + r1 + ", " + r2);
            if (r1 > 0) {
                out[used++] = Math.log(r2 / r1);
            }
        }
        return Arrays.copyOf(out, used);
    }

    /** Least-squares slope through the origin of y against the first y.length sorted log μ. */
    private static double slope(double[] sortedLogMu, double[] y) {
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < y.length; i++) {
            sxy += sortedLogMu[i] * y[i];
            sxx += sortedLogMu[i] * sortedLogMu[i];
        }
        return sxy / sxx;
    }

    private static double sum(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s;
    }

    /**
     * Slope and MLE of {@code samples} resamples (with replacement) of the sorted log μ. A resample is drawn as
     * counts per sorted value, so it comes out sorted without a sort.
     */
    private static double[][] bootstrap(double[] sortedLogMu, double[] y, int samples, long seed) {
        Rng rng = Rng.forPurpose(seed, "twonn-bootstrap");
        int n = sortedLogMu.length;
        int[] counts = new int[n];
        double[] resample = new double[n];
        double[] fits = new double[samples];
        double[] mles = new double[samples];
        for (int b = 0; b < samples; b++) {
            Arrays.fill(counts, 0);
            for (int k = 0; k < n; k++) {
                counts[rng.nextInt(n)]++;
            }
            int w = 0;
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < counts[i]; c++) {
                    resample[w++] = sortedLogMu[i];
                }
            }
            fits[b] = slope(resample, y);
            mles[b] = (n - 1) / sum(resample);
        }
        return new double[][] {fits, mles};
    }

    /** The (1 − c)/2 and (1 + c)/2 quantiles, interpolated between order statistics. */
    private static TwoNnEstimate.Interval percentiles(double[] values, double confidence) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return new TwoNnEstimate.Interval(quantile(sorted, (1 - confidence) / 2),
                quantile(sorted, (1 + confidence) / 2));
    }

    private static double quantile(double[] sorted, double q) {
        double h = q * (sorted.length - 1);
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
