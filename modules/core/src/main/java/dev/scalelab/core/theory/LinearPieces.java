package dev.scalelab.core.theory;

import java.util.ArrayList;
import java.util.List;

/**
 * Counts the linear pieces of a one-input, one-output ReLU network on an interval, exactly (no sampling): it
 * follows the partition of the interval on which every unit is affine, layer by layer, splitting an interval
 * where a unit's pre-activation changes sign, then merges neighbouring intervals on which the output has the
 * same slope (the output is continuous, so equal slopes mean one piece).
 */
public final class LinearPieces {
    /** Beyond this many intervals the count gives up (a deep, wide network can have exponentially many). */
    public static final int MAX_INTERVALS = 1 << 21;
    private static final double SLOPE_TOLERANCE = 1e-9;

    private LinearPieces() {
    }

    /**
     * The number of linear pieces on [lo, hi] of the network with layer weights {@code weights.get(l)} (row-major
     * [fan_in, fan_out]) and biases {@code biases.get(l)}, ReLU after every layer but the last; layer sizes
     * {@code sizes} = [1, h₁, ..., 1]. Returns −1 when the partition grows beyond {@link #MAX_INTERVALS}.
     */
    public static long count(List<double[]> weights, List<double[]> biases, List<Integer> sizes, double lo, double hi) {
        if (sizes.get(0) != 1 || sizes.get(sizes.size() - 1) != 1) {
            throw new IllegalArgumentException("pieces are counted for networks with one input and one output, got "
                    + sizes);
        }
        if (!(hi > lo)) {
            throw new IllegalArgumentException("need lo < hi, got [" + lo + ", " + hi + "]");
        }
        List<Piece> pieces = new ArrayList<>();
        pieces.add(new Piece(lo, hi, new double[] {1}, new double[] {0}));
        int layers = sizes.size() - 1;
        double eps = 1e-12 * (hi - lo);
        for (int l = 0; l < layers; l++) {
            int in = sizes.get(l);
            int out = sizes.get(l + 1);
            double[] w = weights.get(l);
            double[] b = biases.get(l);
            boolean relu = l < layers - 1;
            List<Piece> next = new ArrayList<>();
            for (Piece p : pieces) {
                double[] zs = new double[out];
                double[] zc = new double[out];
                for (int j = 0; j < out; j++) {
                    double s = 0;
                    double c = b[j];
                    for (int i = 0; i < in; i++) {
                        s += w[i * out + j] * p.slope[i];
                        c += w[i * out + j] * p.intercept[i];
                    }
                    zs[j] = s;
                    zc[j] = c;
                }
                if (!relu) {
                    next.add(new Piece(p.lo, p.hi, zs, zc));
                    continue;
                }
                double[] cuts = cuts(zs, zc, p.lo + eps, p.hi - eps);
                double left = p.lo;
                for (int c = 0; c <= cuts.length; c++) {
                    double right = c < cuts.length ? cuts[c] : p.hi;
                    double mid = 0.5 * (left + right);
                    double[] as = new double[out];
                    double[] ac = new double[out];
                    for (int j = 0; j < out; j++) {
                        if (zs[j] * mid + zc[j] > 0) {
                            as[j] = zs[j];
                            ac[j] = zc[j];
                        }
                    }
                    next.add(new Piece(left, right, as, ac));
                    left = right;
                }
                if (next.size() > MAX_INTERVALS) {
                    return -1;
                }
            }
            pieces = next;
        }
        long count = 1;
        for (int i = 1; i < pieces.size(); i++) {
            double a = pieces.get(i - 1).slope[0];
            double b = pieces.get(i).slope[0];
            if (Math.abs(a - b) > SLOPE_TOLERANCE * Math.max(1, Math.max(Math.abs(a), Math.abs(b)))) {
                count++;
            }
        }
        return count;
    }

    /** Sorted distinct zeros of the affine functions zs·x + zc strictly inside (from, to). */
    private static double[] cuts(double[] zs, double[] zc, double from, double to) {
        double[] roots = new double[zs.length];
        int n = 0;
        for (int j = 0; j < zs.length; j++) {
            if (zs[j] != 0) {
                double x = -zc[j] / zs[j];
                if (x > from && x < to) {
                    roots[n++] = x;
                }
            }
        }
        double[] sorted = java.util.Arrays.copyOf(roots, n);
        java.util.Arrays.sort(sorted);
        int distinct = 0;
        for (int i = 0; i < n; i++) {
            if (distinct == 0 || sorted[i] > sorted[distinct - 1]) {
                sorted[distinct++] = sorted[i];
            }
        }
        return java.util.Arrays.copyOf(sorted, distinct);
    }

    /** On [lo, hi] every unit of the current layer is slope·x + intercept. */
    private record Piece(double lo, double hi, double[] slope, double[] intercept) {
    }
}
