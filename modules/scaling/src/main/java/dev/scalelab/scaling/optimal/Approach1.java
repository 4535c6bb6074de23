package dev.scalelab.scaling.optimal;

import dev.scalelab.scaling.data.Observation;
import dev.scalelab.scaling.data.RunCurve;
import java.util.ArrayList;
import java.util.List;

/**
 * Approach 1 (Hoffmann et al. 2022, §3.1): the lower envelope of loss against FLOPs over all runs' training
 * curves. At each of {@value #GRID} log-spaced budgets, each run whose curve spans the budget is interpolated
 * (linearly in log FLOPs); the run with the lowest loss gives N_opt(C), and D_opt = C/(k·N_opt). Power fits of both
 * against C follow.
 */
public final class Approach1 {
    public static final int GRID = 100;

    private Approach1() {
    }

    public static ApproachResult run(List<Observation> points, double k) {
        List<RunCurve> curves = new ArrayList<>();
        for (Observation o : points) {
            if (o.curve() != null && o.curve().size() >= 2 && o.n() > 0) {
                curves.add(o.curve());
            }
        }
        if (curves.isEmpty()) {
            return ApproachResult.skipped("approach1", "no training curves (metrics.jsonl) in the input", List.of());
        }
        long sizes = curves.stream().mapToDouble(RunCurve::params).distinct().count();
        if (sizes < 2) {
            return ApproachResult.skipped("approach1", "curves cover only " + sizes + " model size(s); need >= 2",
                    List.of());
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (RunCurve rc : curves) {
            lo = Math.min(lo, rc.flops()[0]);
            hi = Math.max(hi, rc.flops()[rc.size() - 1]);
        }
        List<double[]> env = new ArrayList<>();
        for (int g = 0; g < GRID; g++) {
            double c = Math.exp(Math.log(lo) + (Math.log(hi) - Math.log(lo)) * g / (GRID - 1));
            double best = Double.POSITIVE_INFINITY;
            double bestN = Double.NaN;
            for (RunCurve rc : curves) {
                double l = interpolate(rc, c);
                if (l < best) {
                    best = l;
                    bestN = rc.params();
                }
            }
            if (Double.isFinite(best)) {
                env.add(new double[] {c, bestN, c / (k * bestN)});
            }
        }
        long envSizes = env.stream().mapToDouble(p -> p[1]).distinct().count();
        if (env.size() < 3 || envSizes < 2) {
            return ApproachResult.skipped("approach1", "the envelope holds " + env.size() + " budgets and "
                    + envSizes + " model size(s); need >= 3 budgets and >= 2 sizes", List.of());
        }
        double[] c = env.stream().mapToDouble(p -> p[0]).toArray();
        double[] n = env.stream().mapToDouble(p -> p[1]).toArray();
        double[] d = env.stream().mapToDouble(p -> p[2]).toArray();
        return new ApproachResult("approach1", null, c, n, d, PowerLawFit.of(c, n), PowerLawFit.of(c, d),
                List.of(curves.size() + " curves, " + envSizes + " model sizes on the envelope"));
    }

    /** Loss of the curve at FLOPs c (linear in log c between logged steps); +inf outside the curve. */
    static double interpolate(RunCurve rc, double c) {
        double[] f = rc.flops();
        double[] l = rc.loss();
        if (c < f[0] || c > f[f.length - 1]) {
            return Double.POSITIVE_INFINITY;
        }
        int i = 0;
        while (i < f.length - 1 && f[i + 1] < c) {
            i++;
        }
        if (i == f.length - 1 || f[i + 1] <= f[i]) {
            return l[i];
        }
        double t = (Math.log(c) - Math.log(f[i])) / (Math.log(f[i + 1]) - Math.log(f[i]));
        t = Math.max(0, Math.min(1, t));
        return l[i] + t * (l[i + 1] - l[i]);
    }
}
