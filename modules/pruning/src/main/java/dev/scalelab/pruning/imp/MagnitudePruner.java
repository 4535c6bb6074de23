package dev.scalelab.pruning.imp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One level of magnitude pruning: among the weights the current mask keeps, remove exactly the k smallest |w|
 * (per layer, or pooled over the non-overridden layers in global mode), ties broken by position (layer, then
 * row-major index: the earlier weight goes first). The new mask is always a subset of the current one.
 */
public final class MagnitudePruner {
    private MagnitudePruner() {
    }

    /** Prunes one model; {@code weights.get(l)} is layer l's weights, row-major [fan_in, fan_out]. */
    public static Mask prune(Mask current, List<double[]> weights, PruningSpec spec) {
        int layers = current.layerCount();
        if (weights.size() != layers) {
            throw new IllegalArgumentException("need weights of " + layers + " layers, got " + weights.size());
        }
        List<boolean[]> next = new ArrayList<>(layers);
        for (int l = 0; l < layers; l++) {
            if (weights.get(l).length != current.size(l)) {
                throw new IllegalArgumentException("layer " + l + ": " + weights.get(l).length
                        + " weights for a mask of " + current.size(l));
            }
            next.add(current.layer(l));
        }
        List<Integer> pooled = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            if (spec.strategy() == PruningSpec.Strategy.GLOBAL && !spec.overridden(l)) {
                pooled.add(l);
            } else {
                pruneSmallest(next, weights, List.of(l), spec.rateOf(l));
            }
        }
        if (!pooled.isEmpty()) {
            pruneSmallest(next, weights, pooled, spec.rate());
        }
        return Mask.of(next);
    }

    /** Removes round(rate · kept) of the kept weights of {@code layers} (pooled), smallest |w| first. */
    private static void pruneSmallest(List<boolean[]> masks, List<double[]> weights, List<Integer> layers,
                                      double rate) {
        long kept = 0;
        for (int l : layers) {
            for (boolean b : masks.get(l)) {
                if (b) {
                    kept++;
                }
            }
        }
        long k = PruningSpec.pruneCount(kept, rate);
        if (k == 0) {
            return;
        }
        if (kept > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too many weights to prune at once: " + kept);
        }
        double[] magnitudes = new double[(int) kept];
        int n = 0;
        for (int l : layers) {
            boolean[] m = masks.get(l);
            double[] w = weights.get(l);
            for (int i = 0; i < m.length; i++) {
                if (m[i]) {
                    magnitudes[n++] = magnitude(w[i]);
                }
            }
        }
        double[] sorted = magnitudes.clone();
        Arrays.sort(sorted);
        double threshold = sorted[(int) k - 1];
        long below = 0;
        for (double v : magnitudes) {
            if (v < threshold) {
                below++;
            }
        }
        // Every kept weight strictly below the threshold goes; of those exactly at it, the first (k - below) go.
        long atThresholdToPrune = k - below;
        for (int l : layers) {
            boolean[] m = masks.get(l);
            double[] w = weights.get(l);
            for (int i = 0; i < m.length; i++) {
                if (!m[i]) {
                    continue;
                }
                double v = magnitude(w[i]);
                if (v < threshold) {
                    m[i] = false;
                } else if (v == threshold && atThresholdToPrune > 0) {
                    m[i] = false;
                    atThresholdToPrune--;
                }
            }
        }
    }

    /** |w|, with NaN ranked as the largest magnitude (kept longest, so a broken weight is visible, not hidden). */
    private static double magnitude(double w) {
        return Double.isNaN(w) ? Double.POSITIVE_INFINITY : Math.abs(w);
    }
}
