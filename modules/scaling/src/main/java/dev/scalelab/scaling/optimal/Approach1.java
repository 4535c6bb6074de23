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
        String noCurve = "no training curve (metrics.jsonl)";
        String short1 = "fewer than 2 logged points on its curve (a run shorter than 2 x log_every steps)";
        java.util.Map<String, int[]> count = new java.util.LinkedHashMap<>();
        java.util.Map<String, List<String>> examples = new java.util.LinkedHashMap<>();
        for (Observation o : points) {
            String why = o.curve() == null ? noCurve : o.curve().size() < 2 ? short1 : null;
            if (why == null) {
                curves.add(o.curve());
                continue;
            }
            count.computeIfAbsent(why, key -> new int[1])[0]++;
            List<String> ex = examples.computeIfAbsent(why, key -> new ArrayList<>());
            if (ex.size() < 5) {
                ex.add(o.curve() == null ? o.file() + " row " + o.row() : o.curve().runId());
            }
        }
        java.util.Map<String, List<String>> dropped = examples;
        List<String> notes = new ArrayList<>();
        count.forEach((why, n) -> notes.add(String.format(java.util.Locale.ROOT, "dropped %d run(s): %s: %s%s",
                n[0], why, String.join(", ", examples.get(why)), n[0] > 5 ? ", ..." : "")));
        if (curves.isEmpty()) {
            return ApproachResult.skipped("approach1", "no training curves (metrics.jsonl) in the input",
                    dropped.containsKey("no training curve (metrics.jsonl)") && dropped.size() == 1 ? List.of()
                            : List.copyOf(notes));
        }
        long sizes = curves.stream().mapToDouble(RunCurve::params).distinct().count();
        if (sizes < 2) {
            return ApproachResult.skipped("approach1", "curves cover only " + sizes + " model size(s); need >= 2",
                    List.copyOf(notes));
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
                    + envSizes + " model size(s); need >= 3 budgets and >= 2 sizes", List.copyOf(notes));
        }
        double[] c = env.stream().mapToDouble(p -> p[0]).toArray();
        double[] n = env.stream().mapToDouble(p -> p[1]).toArray();
        double[] d = env.stream().mapToDouble(p -> p[2]).toArray();
        return new ApproachResult("approach1", null, c, n, d, PowerLawFit.of(c, n), PowerLawFit.of(c, d),
                notesWith(notes, curves.size() + " of " + points.size() + " runs' curves used, " + envSizes
                        + " model sizes on the envelope"));
    }

    private static List<String> notesWith(List<String> notes, String first) {
        List<String> out = new ArrayList<>();
        out.add(first);
        out.addAll(notes);
        return List.copyOf(out);
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
