package dev.scalelab.pruning.popup;

/**
 * The edge-popup mask of one layer: keep exactly {@code keep} weights, those with the largest |score|; ties at
 * the threshold go to the earlier index. Quickselect (expected O(n)) on a scratch copy, so it can run every step.
 */
public final class TopK {
    private double[] scratch = new double[0];

    /** Writes 1 (kept) or 0 into {@code mask[offset, offset + n)} for the scores in {@code scores[offset, ...)}. */
    public void mask(double[] scores, int offset, int n, int keep, double[] mask) {
        if (keep >= n) {
            java.util.Arrays.fill(mask, offset, offset + n, 1.0);
            return;
        }
        if (keep <= 0) {
            java.util.Arrays.fill(mask, offset, offset + n, 0.0);
            return;
        }
        if (scratch.length < n) {
            scratch = new double[n];
        }
        for (int i = 0; i < n; i++) {
            scratch[i] = Math.abs(scores[offset + i]);
        }
        // The keep-th largest = the (n - keep)-th smallest (0-based).
        double threshold = select(scratch, n, n - keep);
        int above = 0;
        for (int i = 0; i < n; i++) {
            if (Math.abs(scores[offset + i]) > threshold) {
                above++;
            }
        }
        int ties = keep - above;
        for (int i = 0; i < n; i++) {
            double s = Math.abs(scores[offset + i]);
            boolean k = s > threshold || (s == threshold && ties-- > 0);
            mask[offset + i] = k ? 1.0 : 0.0;
        }
    }

    /** The k-th smallest (0-based) of a[0, n); reorders a. Hoare partition with a median-of-three pivot. */
    static double select(double[] a, int n, int k) {
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            double p = median(a[lo], a[mid], a[hi]);
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < p) {
                    i++;
                }
                while (a[j] > p) {
                    j--;
                }
                if (i <= j) {
                    double t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }

    private static double median(double x, double y, double z) {
        return Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
    }
}
