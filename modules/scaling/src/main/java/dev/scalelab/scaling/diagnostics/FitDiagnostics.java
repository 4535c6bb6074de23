package dev.scalelab.scaling.diagnostics;

import dev.scalelab.scaling.bootstrap.PercentileBootstrap;
import dev.scalelab.scaling.fit.ChinchillaForm;
import dev.scalelab.scaling.fit.FitData;
import dev.scalelab.scaling.fit.FixedParameters;
import dev.scalelab.scaling.fit.KaplanForm;
import dev.scalelab.scaling.fit.ModelForm;
import dev.scalelab.scaling.fit.MultiStartResult;
import dev.scalelab.scaling.fit.Parameter;
import dev.scalelab.scaling.fit.PowerForm;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a researcher needs to trust a fit, and each problem as one warning.
 *
 * @param converged        whether the best start met a convergence test
 * @param stop             why the best start stopped
 * @param iterations       its L-BFGS iterations
 * @param maxIterations    the iteration cap
 * @param starts           starts run
 * @param reachedBest      starts that ended at the best optimum
 * @param atBound          parameters at (or within 0.1% of) a bound: a term that vanishes (its constant driven to 0),
 *                         an exponent at or below 0, a parameter that is not finite
 * @param condition        condition number of the Gauss-Newton matrix JᵀJ at the optimum (J = ∂log L̂/∂θ, columns
 *                         scaled to unit length; parameters with no effect left out); large = near-flat directions
 * @param flatDirections   near-flat directions of the objective, named as combinations of θ
 * @param standardErrors   Gauss-Newton standard errors of θ (σ²(JᵀJ)⁺, σ² = Σr²/(n−p), p free); +inf along flat
 *                         directions, NaN for a fixed component
 * @param identified       per reported parameter: "yes", "fixed", or "no: " and why (bootstrap spread, else standard
 *                         error)
 * @param bootstrapAtBound reported parameters whose bootstrap refits reach a bound, with how many
 * @param warnings         one line per problem; empty for a fit without problems
 */
public record FitDiagnostics(boolean converged, String stop, int iterations, int maxIterations, int starts,
                             int reachedBest, List<String> atBound, double condition, List<String> flatDirections,
                             double[] standardErrors, Map<String, String> identified, List<String> bootstrapAtBound,
                             List<String> warnings) {
    /** A term contributing less than this share of the fitted loss at every point is "at its bound 0". */
    public static final double TERM_SHARE = 1e-3;
    /** An exponent at or below this is at its bound 0. */
    public static final double EXPONENT_FLOOR = 1e-3;
    /** Eigenvalues of the scaled JᵀJ below this times the largest span a near-flat direction. */
    public static final double FLAT_EIGENVALUE = 1e-9;
    /** Fewer than this share of the starts at the best optimum (with more than 10 starts) is a warning. */
    public static final double REACHED_SHARE = 0.01;

    /**
     * Fixed parameters are held, not fitted: none of the checks below applies to them.
     *
     * @param reported the reported parameters (names and values from the full-data θ), the bootstrap's first
     *                 quantities in this order
     */
    public static FitDiagnostics of(ModelForm form, FixedParameters fixed, FitData data, MultiStartResult fit,
                                    int maxIterations, Map<String, Double> reported, PercentileBootstrap.Result boot,
                                    double confidence) {
        double[] theta = fit.theta();
        List<String> warnings = new ArrayList<>();
        if (!fit.bestConverged()) {
            warnings.add("the best start did not converge (stopped: " + fit.bestStop()
                    + (fit.bestStop().equals("iteration limit") ? " of " + maxIterations : "") + ")");
        }
        if (fit.starts() > 10 && fit.reachedBest() < REACHED_SHARE * fit.starts()) {
            warnings.add(String.format(Locale.ROOT, "only %d of %d starts reached the best objective: the optimum is "
                    + "flat or sits at a bound", fit.reachedBest(), fit.starts()));
        }
        double minLoss = Double.POSITIVE_INFINITY;
        for (int i = 0; i < data.size(); i++) {
            minLoss = Math.min(minLoss, Math.exp(data.y(i)));
        }
        java.util.Set<String> boundNames = new java.util.HashSet<>();
        List<String> atBound = bounds(form, fixed, data, theta, reported, boundNames);
        warnings.addAll(atBound);

        // Conditioning: Gauss-Newton matrix of the log-space model at the optimum.
        int p = theta.length;
        double[][] jtj = new double[p][p];
        double[] row = new double[p];
        double rss = 0;
        for (int i = 0; i < data.size(); i++) {
            double r = form.logPredict(theta, data.u(i), data.v(i), row) - data.y(i);
            rss += r * r;
            for (int a = 0; a < p; a++) {
                for (int b = 0; b <= a; b++) {
                    jtj[a][b] += row[a] * row[b];
                }
            }
        }
        for (int a = 0; a < p; a++) {
            for (int b = a + 1; b < p; b++) {
                jtj[a][b] = jtj[b][a];
            }
        }
        List<String> names = form.parameterNames();
        List<String> flat = new ArrayList<>();
        java.util.Set<Integer> silent = new java.util.HashSet<>(); // flat because already reported at a bound
        List<Integer> live = new ArrayList<>();
        for (int k = 0; k < p; k++) {
            if (fixed.fixesTheta(k)) {
                continue;
            }
            if (Math.sqrt(jtj[k][k] / data.size()) < 1e-6 || !Double.isFinite(jtj[k][k])) {
                if (boundNames.contains(names.get(k))) {
                    silent.add(flat.size());
                }
                flat.add(names.get(k) + " alone: it has no effect on any fitted loss (d log L/d " + names.get(k)
                        + " ~ 0 at every point)");
            } else {
                live.add(k);
            }
        }
        int m = live.size();
        double[][] scaled = new double[m][m];
        double[] colNorm = new double[m];
        for (int a = 0; a < m; a++) {
            colNorm[a] = Math.sqrt(jtj[live.get(a)][live.get(a)]);
        }
        for (int a = 0; a < m; a++) {
            for (int b = 0; b < m; b++) {
                scaled[a][b] = jtj[live.get(a)][live.get(b)] / (colNorm[a] * colNorm[b]);
            }
        }
        double[][] vectors = new double[m][m];
        double[] values = SymmetricEigen.decompose(scaled, vectors);
        double max = Arrays.stream(values).max().orElse(0);
        double min = Arrays.stream(values).min().orElse(0);
        double condition = m == 0 ? Double.POSITIVE_INFINITY : max / Math.max(min, max * 1e-300);
        double[] se = new double[p];
        for (int k = 0; k < p; k++) {
            se[k] = fixed.fixesTheta(k) ? Double.NaN : Double.POSITIVE_INFINITY;
        }
        double sigma2 = rss / Math.max(1, data.size() - fixed.freeDimension());
        for (int k = 0; k < m; k++) {
            if (values[k] < FLAT_EIGENVALUE * max) {
                double[] dir = new double[p];
                double norm = 0;
                for (int a = 0; a < m; a++) {
                    dir[live.get(a)] = vectors[a][k] / colNorm[a];
                    norm += dir[live.get(a)] * dir[live.get(a)];
                }
                norm = Math.sqrt(norm);
                boolean known = true;
                for (int a = 0; a < p; a++) {
                    known &= Math.abs(dir[a]) < 0.05 * norm || boundNames.contains(names.get(a));
                }
                if (known) {
                    silent.add(flat.size());
                }
                flat.add(combination(dir, norm, names) + String.format(Locale.ROOT,
                        " (relative curvature %.1e): the data do not determine this combination", values[k] / max));
            }
        }
        // se_k² = σ² Σ_j v_kj² / (λ_j c_k²) over non-flat directions; a parameter on a flat direction gets +inf.
        for (int a = 0; a < m; a++) {
            double var = 0;
            boolean onFlat = false;
            for (int k = 0; k < m; k++) {
                if (values[k] < FLAT_EIGENVALUE * max) {
                    onFlat |= Math.abs(vectors[a][k]) > 1e-3;
                    continue;
                }
                var += vectors[a][k] * vectors[a][k] / values[k];
            }
            se[live.get(a)] = onFlat ? Double.POSITIVE_INFINITY : Math.sqrt(sigma2 * var) / colNorm[a];
        }
        for (int i = 0; i < flat.size(); i++) {
            if (!silent.contains(i)) {
                warnings.add("near-flat direction: " + flat.get(i));
            }
        }

        // Identification of each reported parameter.
        Map<String, String> identified = new LinkedHashMap<>();
        List<String> bootAtBound = new ArrayList<>();
        double tail = (1 - confidence) / 2;
        int q = 0;
        for (Map.Entry<String, Double> e : reported.entrySet()) {
            String name = e.getKey();
            double value = e.getValue();
            boolean exponent = isExponent(name);
            String verdict = "yes";
            if (fixed.fixes(name)) {
                verdict = "fixed";
            } else if (boot != null) {
                double lo = boot.quantile(q, tail);
                double hi = boot.quantile(q, 1 - tail);
                if (exponent ? (hi - lo) / 2 > Math.abs(value) : !(lo > 0) || Math.log10(hi / lo) / 2 > 1) {
                    verdict = String.format(Locale.ROOT, "no: the %.0f%% bootstrap interval [%s, %s] is %s", 100
                            * confidence, num(lo), num(hi), exponent ? "wider than twice the estimate " + num(value)
                            : "more than two decades wide");
                }
                int hits = 0;
                int valid = 0;
                for (double[] sample : boot.samples()) {
                    double v = sample[q];
                    if (!Double.isFinite(v)) {
                        continue;
                    }
                    valid++;
                    if (exponent ? v <= EXPONENT_FLOOR : isConstant(name) && v < TERM_SHARE * minLoss) {
                        hits++;
                    }
                }
                if (hits > 0) {
                    boolean endpoint = hits > tail * valid;
                    String msg = String.format(Locale.ROOT, "%s: %d of %d bootstrap refits are at its bound 0%s", name,
                            hits, valid, endpoint ? String.format(Locale.ROOT, "; the %s end of its interval is "
                            + "the bound, not an estimate", "lower") : "");
                    bootAtBound.add(msg);
                    if (endpoint && !boundNames.contains(name)) {
                        warnings.add("bootstrap interval at a bound: " + msg);
                    }
                }
            } else {
                int k = thetaIndex(form, name);
                if (k >= 0) {
                    double s = se[k];
                    if (!Double.isFinite(s) || (exponent ? 2 * s > Math.abs(value) : 2 * s > Math.log(10))) {
                        boolean nearZero = exponent ? value - 2 * s <= EXPONENT_FLOOR
                                : isConstant(name) && Math.log(value) - 2 * s < Math.log(TERM_SHARE * minLoss);
                        verdict = "no: its standard error is " + (Double.isFinite(s) ? (exponent ? num(s)
                                : String.format(Locale.ROOT, "a factor %s", num(Math.exp(s)))) : "unbounded")
                                + (nearZero ? ", so it is near its bound 0" : "");
                    }
                }
            }
            identified.put(name, verdict);
            if (verdict.startsWith("no") && !boundNames.contains(name)) {
                warnings.add("not identified by the data: " + name + " = " + num(value) + " (" + verdict.substring(4)
                        + ")");
            }
            q++;
        }
        return new FitDiagnostics(fit.bestConverged(), fit.bestStop(), fit.bestIterations(), maxIterations,
                fit.starts(), fit.reachedBest(), List.copyOf(atBound), condition, List.copyOf(flat), se,
                identified, List.copyOf(bootAtBound), List.copyOf(warnings));
    }

    static boolean isExponent(String name) {
        return name.startsWith("alpha") || name.startsWith("beta");
    }

    static boolean isConstant(String name) {
        return name.equals("E") || name.equals("L_inf");
    }

    /** The θ index of a reported parameter (A ↔ a, alpha ↔ alpha, N_c ↔ n_c, ...), or −1. */
    static int thetaIndex(ModelForm form, String reported) {
        return form.parameters().stream().filter(p -> p.name().equals(reported)).mapToInt(Parameter::index)
                .findFirst().orElse(-1);
    }

    /**
     * Terms (log of each summand inside the form's log-sum-exp) that never matter, and exponents at 0; neither a
     * fixed parameter nor a term left out by fixing its constant at 0 (L_inf = 0) is at a bound.
     */
    private static List<String> bounds(ModelForm form, FixedParameters fixed, FitData data, double[] t,
                                       Map<String, Double> reported, java.util.Set<String> boundNames) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Double> e : reported.entrySet()) {
            if (fixed.fixes(e.getKey())) {
                continue;
            }
            if (!Double.isFinite(e.getValue())) {
                out.add(e.getKey() + " = " + num(e.getValue()) + " is not finite: the fit ran to the edge of the "
                        + "parameter space");
                boundNames.add(e.getKey());
                int k = thetaIndex(form, e.getKey());
                if (k >= 0) {
                    boundNames.add(form.parameterNames().get(k));
                }
            } else if (isExponent(e.getKey()) && e.getValue() <= EXPONENT_FLOOR) {
                boundNames.add(e.getKey());
                out.add(e.getKey() + " = " + num(e.getValue()) + " is at or below its bound 0: the loss does not fall "
                        + "with " + variableOf(e.getKey(), form));
            }
        }
        String[] terms;
        String[] what;
        String[][] members;
        if (form instanceof ChinchillaForm) {
            terms = new String[] {"A*N^-alpha", "B*D^-beta", "E"};
            what = new String[] {"A and alpha are not determined (no N dependence)",
                "B and beta are not determined (no D dependence)", ""};
            members = new String[][] {{"A", "alpha", "a"}, {"B", "beta", "b"}, {"E", "e"}};
        } else if (form instanceof PowerForm pf) {
            terms = new String[] {"A*" + pf.variable() + "^-alpha", "L_inf"};
            what = new String[] {"A and alpha are not determined", ""};
            members = new String[][] {{"A", "alpha", "a"}, {"L_inf", "e"}};
        } else if (form instanceof KaplanForm) {
            terms = new String[] {"(N_c/N)^(alpha_N/alpha_D)", "D_c/D"};
            what = new String[] {"N_c and alpha_N are not determined (no N dependence)",
                "D_c is not determined (no D dependence)"};
            members = new String[][] {{"N_c", "alpha_N", "n_c"}, {"D_c", "d_c"}};
        } else {
            return out;
        }
        double[] maxShare = new double[terms.length];
        double[] logs = new double[terms.length];
        for (int i = 0; i < data.size(); i++) {
            logTerms(form, t, data.u(i), data.v(i), logs);
            double mx = Double.NEGATIVE_INFINITY;
            for (double l : logs) {
                mx = Math.max(mx, l);
            }
            double s = 0;
            for (double l : logs) {
                s += Math.exp(l - mx);
            }
            for (int k = 0; k < logs.length; k++) {
                maxShare[k] = Math.max(maxShare[k], Math.exp(logs[k] - mx) / s);
            }
        }
        for (int k = 0; k < terms.length; k++) {
            Double held = fixed.values().get(members[k][0]);
            if (maxShare[k] < TERM_SHARE && !(held != null && held == 0)) {
                boundNames.addAll(List.of(members[k]));
                String name = terms[k];
                out.add(what[k].isEmpty()
                        ? String.format(Locale.ROOT, "%s = %s is at its bound 0: below %.1f%% of the fitted loss at "
                        + "every point", name, num(reported.get(name)), 100 * TERM_SHARE)
                        : String.format(Locale.ROOT, "%s is at its bound 0, below %.1f%% of the fitted loss at every "
                        + "point: %s", name, 100 * TERM_SHARE, what[k]));
            }
        }
        return out;
    }

    private static String variableOf(String exponent, ModelForm form) {
        if (form instanceof PowerForm pf) {
            return pf.variable();
        }
        return exponent.equals("beta") || exponent.equals("alpha_D") ? "D" : "N";
    }

    private static void logTerms(ModelForm form, double[] t, double u, double v, double[] out) {
        if (form instanceof ChinchillaForm) {
            out[0] = t[0] - t[3] * u;
            out[1] = t[1] - t[4] * v;
            out[2] = t[2];
        } else if (form instanceof PowerForm) {
            out[0] = t[0] - t[1] * u;
            out[1] = t[2];
        } else {
            out[0] = t[0] / t[1] * (t[2] - u);
            out[1] = t[3] - v;
        }
    }

    private static String combination(double[] dir, double norm, List<String> names) {
        double big = 0;
        int sign = 0;
        for (double d : dir) {
            if (Math.abs(d) > big) {
                big = Math.abs(d);
                sign = d > 0 ? 1 : -1;
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < dir.length; k++) {
            double c = sign * dir[k] / norm;
            if (Math.abs(c) < 0.05 * big / norm) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append(c < 0 ? " - " : " + ");
            } else if (c < 0) {
                sb.append('-');
            }
            sb.append(String.format(Locale.ROOT, "%.2f*%s", Math.abs(c), names.get(k)));
        }
        return sb.toString();
    }

    static String num(double v) {
        if (!Double.isFinite(v)) {
            return Double.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
