package dev.scalelab.scaling.fit;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * The points a form is fitted to, in log space: u = log of the first variable (N, or the power form's x),
 * v = log of the second (D; unused by the power form), y = log L. Points are stored in a canonical order (sorted
 * by u, v, y, cluster) so that every result is bit-for-bit independent of the order of the input rows. Each point
 * may belong to a bootstrap cluster (a seed, say), numbered 0..k−1.
 */
public final class FitData {
    private final double[] u;
    private final double[] v;
    private final double[] y;
    private final int[] cluster;

    private FitData(double[] u, double[] v, double[] y, int[] cluster) {
        this.u = u;
        this.v = v;
        this.y = y;
        this.cluster = cluster;
    }

    /** From raw values (not logs); {@code second} may be null for one-variable forms. */
    public static FitData of(double[] first, double[] second, double[] loss) {
        return of(first, second, loss, null);
    }

    /** As above, with each point's cluster number 0..k−1 ({@code cluster} null: no clusters). */
    public static FitData of(double[] first, double[] second, double[] loss, int[] cluster) {
        int n = loss.length;
        double[] lu = new double[n];
        double[] lv = new double[n];
        double[] ly = new double[n];
        for (int i = 0; i < n; i++) {
            lu[i] = Math.log(first[i]);
            lv[i] = second == null ? 0.0 : Math.log(second[i]);
            ly[i] = Math.log(loss[i]);
        }
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> lu[i])
                .thenComparingDouble(i -> lv[i]).thenComparingDouble(i -> ly[i])
                .thenComparingInt(i -> cluster == null ? 0 : cluster[i]));
        double[] su = new double[n];
        double[] sv = new double[n];
        double[] sy = new double[n];
        int[] sc = cluster == null ? null : new int[n];
        for (int k = 0; k < n; k++) {
            su[k] = lu[order[k]];
            sv[k] = lv[order[k]];
            sy[k] = ly[order[k]];
            if (sc != null) {
                sc[k] = cluster[order[k]];
            }
        }
        return new FitData(su, sv, sy, sc);
    }

    /** The indices of each cluster's points, by cluster number; null when the points have no clusters. */
    public int[][] clusters() {
        if (cluster == null) {
            return null;
        }
        int k = Arrays.stream(cluster).max().orElse(-1) + 1;
        int[] size = new int[k];
        for (int c : cluster) {
            size[c]++;
        }
        int[][] members = new int[k][];
        for (int c = 0; c < k; c++) {
            members[c] = new int[size[c]];
            size[c] = 0;
        }
        for (int i = 0; i < cluster.length; i++) {
            members[cluster[i]][size[cluster[i]]++] = i;
        }
        return members;
    }

    /** A bootstrap resample: point {@code indices[k]} of this data, re-sorted canonically (without clusters). */
    public FitData resample(int[] indices) {
        int[] sorted = indices.clone();
        Arrays.sort(sorted); // this data is canonical, so sorted indices keep the canonical order
        double[] su = new double[sorted.length];
        double[] sv = new double[sorted.length];
        double[] sy = new double[sorted.length];
        for (int k = 0; k < sorted.length; k++) {
            su[k] = u[sorted[k]];
            sv[k] = v[sorted[k]];
            sy[k] = y[sorted[k]];
        }
        return new FitData(su, sv, sy, null);
    }

    /**
     * {@code m} points spread evenly over the canonical order (every n/m-th), for screening starts on a large data
     * set; deterministic. This data itself when {@code m >= size()}.
     */
    public FitData subsample(int m) {
        int n = size();
        if (m >= n) {
            return this;
        }
        int[] idx = new int[m];
        for (int i = 0; i < m; i++) {
            idx[i] = (int) ((long) i * n / m + n / (2L * m));
        }
        return resample(idx);
    }

    public int size() {
        return y.length;
    }

    public double u(int i) {
        return u[i];
    }

    public double v(int i) {
        return v[i];
    }

    public double y(int i) {
        return y[i];
    }

    double[] uArray() {
        return u;
    }

    double[] vArray() {
        return v;
    }

    double[] yArray() {
        return y;
    }
}
