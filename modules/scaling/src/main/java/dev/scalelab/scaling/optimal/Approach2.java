package dev.scalelab.scaling.optimal;

import dev.scalelab.scaling.data.Observation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Approach 2 (Hoffmann et al. 2022, §3.2), IsoFLOP profiles: runs are grouped into compute buckets (consecutive
 * in log C, each within {@code width} decades of the bucket's smallest C); in each bucket with at least three model
 * sizes a parabola of loss against log N is fitted, and its vertex, when it is a minimum inside the sampled
 * range, gives N_opt at the bucket's geometric-mean C. Power fits of N_opt and D_opt = C/(k·N_opt) against C follow.
 */
public final class Approach2 {
    public static final double DEFAULT_WIDTH_DECADES = 0.1;

    private Approach2() {
    }

    /** Compute buckets of the points (consecutive in log10 C, each at most {@code width} decades wide). */
    public static List<List<Observation>> buckets(List<Observation> points, double width) {
        List<Observation> sorted = new ArrayList<>();
        for (Observation o : points) {
            if (o.c() > 0) {
                sorted.add(o);
            }
        }
        sorted.sort(Comparator.comparingDouble(Observation::c));
        List<List<Observation>> out = new ArrayList<>();
        List<Observation> cur = new ArrayList<>();
        double start = Double.NaN;
        for (Observation o : sorted) {
            double lc = Math.log10(o.c());
            if (cur.isEmpty() || lc - start > width) {
                if (!cur.isEmpty()) {
                    out.add(cur);
                }
                cur = new ArrayList<>();
                start = lc;
            }
            cur.add(o);
        }
        if (!cur.isEmpty()) {
            out.add(cur);
        }
        return out;
    }

    public static ApproachResult run(List<Observation> points, double k, double width) {
        List<List<Observation>> buckets = buckets(points, width);
        List<String> notes = new ArrayList<>();
        List<double[]> opt = new ArrayList<>();
        int usable = 0;
        for (List<Observation> b : buckets) {
            long sizes = b.stream().mapToDouble(Observation::n).distinct().count();
            if (sizes < 3) {
                continue;
            }
            usable++;
            double logC = b.stream().mapToDouble(o -> Math.log(o.c())).average().orElseThrow();
            double c = Math.exp(logC);
            double[] q = parabola(b);
            double minX = b.stream().mapToDouble(o -> Math.log(o.n())).min().orElseThrow();
            double maxX = b.stream().mapToDouble(o -> Math.log(o.n())).max().orElseThrow();
            String label = String.format(Locale.ROOT, "bucket C=%.3g (%d runs)", c, b.size());
            if (q == null || !(q[2] > 0)) {
                notes.add(label + ": parabola has no minimum, skipped");
                continue;
            }
            double vertex = -q[1] / (2 * q[2]);
            if (vertex < minX || vertex > maxX) {
                notes.add(label + ": minimum outside the sampled model sizes, skipped");
                continue;
            }
            double n = Math.exp(vertex);
            opt.add(new double[] {c, n, c / (k * n)});
        }
        if (usable == 0) {
            return ApproachResult.skipped("approach2", "no compute bucket (width " + width
                    + " decades) holds >= 3 model sizes", notes);
        }
        if (opt.size() < 2) {
            return ApproachResult.skipped("approach2", opt.size() + " bucket(s) gave a minimum; need >= 2", notes);
        }
        double[] c = opt.stream().mapToDouble(p -> p[0]).toArray();
        double[] n = opt.stream().mapToDouble(p -> p[1]).toArray();
        double[] d = opt.stream().mapToDouble(p -> p[2]).toArray();
        return new ApproachResult("approach2", null, c, n, d, PowerLawFit.of(c, n), PowerLawFit.of(c, d),
                List.copyOf(notes));
    }

    /** Least-squares parabola loss = q0 + q1·x + q2·x² with x = log N (centred for conditioning); null if singular. */
    static double[] parabola(List<Observation> b) {
        int n = b.size();
        double mean = b.stream().mapToDouble(o -> Math.log(o.n())).average().orElseThrow();
        double[][] m = new double[3][4];
        for (Observation o : b) {
            double x = Math.log(o.n()) - mean;
            double[] row = {1, x, x * x};
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    m[i][j] += row[i] * row[j];
                }
                m[i][3] += row[i] * o.loss();
            }
        }
        double[] s = solve3(m);
        if (s == null || n < 3) {
            return null;
        }
        // un-centre: q(x) = s0 + s1 (x - mean) + s2 (x - mean)^2
        return new double[] {s[0] - s[1] * mean + s[2] * mean * mean, s[1] - 2 * s[2] * mean, s[2]};
    }

    private static double[] solve3(double[][] a) {
        for (int col = 0; col < 3; col++) {
            int piv = col;
            for (int r = col + 1; r < 3; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[piv][col])) {
                    piv = r;
                }
            }
            if (Math.abs(a[piv][col]) < 1e-300) {
                return null;
            }
            double[] t = a[piv];
            a[piv] = a[col];
            a[col] = t;
            for (int r = 0; r < 3; r++) {
                if (r != col) {
                    double f = a[r][col] / a[col][col];
                    for (int c = col; c < 4; c++) {
                        a[r][c] -= f * a[col][c];
                    }
                }
            }
        }
        return new double[] {a[0][3] / a[0][0], a[1][3] / a[1][1], a[2][3] / a[2][2]};
    }
}
