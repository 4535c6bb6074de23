package dev.scalelab.scaling;

import dev.scalelab.scaling.bootstrap.PercentileBootstrap;
import dev.scalelab.scaling.bootstrap.Resampler;
import dev.scalelab.scaling.data.FitPoints;
import dev.scalelab.scaling.data.InputException;
import dev.scalelab.scaling.data.Observation;
import dev.scalelab.scaling.diagnostics.FitDiagnostics;
import dev.scalelab.scaling.fit.ChinchillaForm;
import dev.scalelab.scaling.fit.FitData;
import dev.scalelab.scaling.fit.FixedParameters;
import dev.scalelab.scaling.fit.KaplanForm;
import dev.scalelab.scaling.fit.Lbfgs;
import dev.scalelab.scaling.fit.ModelForm;
import dev.scalelab.scaling.fit.MultiStartFitter;
import dev.scalelab.scaling.fit.MultiStartResult;
import dev.scalelab.scaling.fit.Penalty;
import dev.scalelab.scaling.fit.PowerForm;
import dev.scalelab.scaling.optimal.Approach1;
import dev.scalelab.scaling.optimal.Approach2;
import dev.scalelab.scaling.optimal.ApproachResult;
import dev.scalelab.scaling.optimal.ComputeOptimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;

/** Fits a form to a dataset: multi-start L-BFGS, bootstrap, derived quantities, predictions, Approaches 1 and 2. */
public final class ScalingFit {
    private ScalingFit() {
    }

    public static ModelForm formFor(FitSettings s) {
        return formFor(s.form(), s.x());
    }

    /** The form named {@code form} (power, chinchilla, kaplan); {@code x} is the power form's variable. */
    public static ModelForm formFor(String form, String x) {
        return switch (form) {
            case "chinchilla" -> new ChinchillaForm();
            case "kaplan" -> new KaplanForm();
            default -> new PowerForm(x);
        };
    }

    /**
     * The points of {@code data} as the form sees them (first/second variable and loss), with their bootstrap
     * clusters numbered in the order of the cluster values (so that the numbering does not depend on row order).
     */
    public static FitData fitData(ModelForm form, FitSettings s, List<Observation> obs) {
        int n = obs.size();
        double[] first = new double[n];
        double[] second = form.joint() ? new double[n] : null;
        double[] loss = new double[n];
        for (int i = 0; i < n; i++) {
            Observation o = obs.get(i);
            first[i] = form.joint() ? o.n() : variable(o, s.x());
            if (second != null) {
                second[i] = o.d();
            }
            loss[i] = o.loss();
        }
        return FitData.of(first, second, loss, s.bootstrapBy() == null ? null : clusters(obs, s.bootstrapBy()));
    }

    private static int[] clusters(List<Observation> obs, String by) {
        java.util.TreeMap<String, Integer> number = new java.util.TreeMap<>();
        for (Observation o : obs) {
            if (o.cluster() == null) {
                throw new InputException(o.file() + ", row " + o.row() + ": no value for --bootstrap-by " + by);
            }
            number.put(o.cluster(), 0);
        }
        int next = 0;
        for (Map.Entry<String, Integer> e : number.entrySet()) {
            e.setValue(next++);
        }
        return obs.stream().mapToInt(o -> number.get(o.cluster())).toArray();
    }

    static double variable(Observation o, String x) {
        return switch (x) {
            case "D" -> o.d();
            case "C" -> o.c();
            default -> o.n();
        };
    }

    /**
     * Refuses data that cannot determine the form's parameters: a curve in one variable with k parameters needs k
     * distinct values of it; a joint form needs at least two distinct N (for the N exponent) and two distinct D.
     */
    static void requireDetermined(ModelForm form, FitSettings s, FixedParameters fixed, FitPoints data) {
        if (form.joint()) {
            requireDistinct(data, "N", 2, "the N exponent", form);
            requireDistinct(data, "D", 2, "the D exponent", form);
        } else {
            int free = fixed.freeDimension();
            requireDistinct(data, s.x(), free, "its " + free + (free < form.dimension() ? " free" : "")
                    + " parameters", form);
        }
    }

    private static void requireDistinct(FitPoints data, String x, int needed, String what, ModelForm form) {
        // enough distinct values end the scan: a million rows need not all be boxed into a set
        java.util.SortedSet<Double> values = new java.util.TreeSet<>();
        for (Observation o : data.observations()) {
            values.add(variable(o, x));
            if (values.size() >= needed) {
                return;
            }
        }
        if (values.size() < needed) {
            throw new InputException(String.join(", ", data.inputs()) + ": the " + form.name() + " form needs at least "
                    + needed + " distinct values of " + x + " to determine " + what + "; the data have "
                    + values.size() + (values.isEmpty() ? "" : " (" + x + " = " + values.stream().limit(3)
                    .map(v -> v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) (double) v)
                    : String.format(Locale.ROOT, "%.6g", v)).collect(java.util.stream.Collectors.joining(", "))
                    + ")"));
        }
    }

    /** Data sets larger than this are screened: every start on a subsample, the best optima refined on all rows. */
    public static final int SCREEN_ABOVE = 10_000;
    /** Points in the screening subsample. */
    public static final int SCREEN_ROWS = 500;
    /** Optima of the screening refined on every point. */
    public static final int REFINED = 4;
    /** Above this many points the bootstrap is m-out-of-n ... */
    public static final int BOOTSTRAP_ABOVE = 10_000;
    /** ... drawing this many points per resample and rescaling. */
    public static final int BOOTSTRAP_ROWS = 2_000;

    public static FitOutcome run(FitPoints data, FitSettings s) {
        return run(data, s, Progress.NONE);
    }

    public static FitOutcome run(FitPoints data, FitSettings s, Progress progress) {
        return run(data, s, progress, true);
    }

    /** With {@code screen} false every start runs on every point, however many (to check the screening). */
    public static FitOutcome run(FitPoints data, FitSettings s, Progress progress, boolean screen) {
        ModelForm form = formFor(s);
        FixedParameters fixed = FixedParameters.of(form, s.fixed());
        List<Observation> obs = data.observations();
        if (obs.size() < fixed.freeDimension()) {
            throw new InputException(String.join(", ", data.inputs()) + ": " + obs.size()
                    + " point(s) left after exclusions (rows read " + data.rowsRead() + ", excluded "
                    + data.excludedTotal() + "); the " + form.name() + " form has " + fixed.freeDimension()
                    + (fixed.values().isEmpty() ? "" : " free") + " parameters");
        }
        requireDetermined(form, s, fixed, data);
        FitData fd = fitData(form, s, obs);
        int[][] clusters = fd.clusters();
        if (clusters != null && s.bootstrap() > 0 && clusters.length < 2) {
            throw new InputException("--bootstrap-by " + s.bootstrapBy() + ": every point has the same value ("
                    + obs.get(0).cluster() + "); resampling whole clusters needs at least 2");
        }
        ForkJoinPool pool = new ForkJoinPool(s.threads());
        try {
            Lbfgs lbfgs = Lbfgs.forPoints(fd.size());
            MultiStartFitter fitter = new MultiStartFitter(lbfgs, pool);
            long t0 = System.nanoTime();
            List<double[]> grid = form.starts(fd);
            MultiStartResult best;
            FitOutcome.Screening screening = null;
            if (screen && fd.size() > SCREEN_ABOVE && grid.size() > 1) {
                Screened sc = screened(form, fd, s.penalty(), fixed, grid, pool, progress);
                best = sc.best();
                screening = sc.screening();
            } else {
                best = fitter.fit(form, fd, s.penalty(), fixed, grid, progress, "multi-start");
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (best.theta() == null) {
                throw new IllegalStateException("every start failed: the objective is not finite anywhere tried");
            }
            double maxC = obs.stream().mapToDouble(Observation::c).filter(Double::isFinite).max().orElse(Double.NaN);
            List<Quantity> q0 = quantities(form, best.theta(), s, maxC);
            PercentileBootstrap.Result boot = null;
            if (s.bootstrap() > 0) {
                List<double[]> starts = new ArrayList<>();
                starts.add(best.theta());
                // whole clusters are drawn as they come: only single points are subsampled m-out-of-n
                int drawn = fd.size() > BOOTSTRAP_ABOVE && clusters == null ? BOOTSTRAP_ROWS : fd.size();
                if (drawn == fd.size()) {
                    // refits start from the full-data optimum and the other distinct local optima the grid found
                    starts.addAll(best.optima().subList(Math.min(1, best.optima().size()), best.optima().size()));
                }
                MultiStartFitter refitter = drawn == fd.size() ? fitter
                        : new MultiStartFitter(Lbfgs.forPoints(drawn), pool);
                Resampler resampler = clusters != null ? Resampler.clusters(clusters)
                        : Resampler.points(fd.size(), drawn);
                boot = PercentileBootstrap.run(fd, resampler, s.bootstrap(), s.seed(), q0.size(), resample -> {
                    MultiStartResult r = refitter.fitSequential(form, resample, s.penalty(), fixed, starts);
                    if (r.theta() == null) {
                        return null;
                    }
                    return quantities(form, r.theta(), s, maxC).stream().mapToDouble(Quantity::value).toArray();
                }, pool, progress);
                if (drawn < fd.size()) {
                    boot = rescale(boot, q0, Math.sqrt((double) drawn / fd.size()));
                }
            }
            double tail = (1 - s.confidence()) / 2;
            List<Estimate> params = new ArrayList<>();
            List<Estimate> derived = new ArrayList<>();
            Map<Integer, List<Estimate>> preds = new LinkedHashMap<>();
            for (int i = 0; i < q0.size(); i++) {
                Quantity q = q0.get(i);
                double lo = boot == null ? Double.NaN : boot.quantile(i, tail);
                double hi = boot == null ? Double.NaN : boot.quantile(i, 1 - tail);
                Estimate e = q.group() == -2 && fixed.fixes(q.name()) ? Estimate.fixed(q.name(), q.value())
                        : new Estimate(q.name(), q.value(), lo, hi, q.description());
                if (q.group() == -2) {
                    params.add(e);
                } else if (q.group() == -1) {
                    derived.add(e);
                } else {
                    preds.computeIfAbsent(q.group(), g -> new ArrayList<>()).add(e);
                }
            }
            FitDiagnostics diagnostics = FitDiagnostics.of(form, fixed, fd, best, lbfgs.maxIterations(),
                    form.reported(best.theta()), boot, s.confidence());
            List<String> warnings = new ArrayList<>(diagnostics.warnings());
            if (s.bootstrap() > 0 && boot.failed() > 0.05 * boot.resamples()) {
                warnings.add(boot.failed() + " of " + boot.resamples() + " bootstrap refits failed");
            }
            Ranges ranges = Ranges.of(obs, form, s);
            List<FitOutcome.Prediction> predictions = new ArrayList<>();
            for (int i = 0; i < s.predictions().size(); i++) {
                Map<String, Double> at = s.predictions().get(i);
                List<Estimate> raw = preds.getOrDefault(i, List.of());
                double decades = ranges.decadesBeyond(at, raw);
                List<Estimate> widened = new ArrayList<>();
                for (Estimate e : raw) {
                    widened.add(widen(e, decades));
                }
                predictions.add(new FitOutcome.Prediction(at, widened, decades, raw));
                if (decades > 1) {
                    warnings.add(String.format(Locale.ROOT, "--predict %s extrapolates %.1f decades beyond the data "
                            + "(%s): the law is assumed to hold there; the interval is the bootstrap's widened "
                            + "x(1 + %.1f) in log space, not a guarantee", describe(at), decades, ranges.describe(),
                            decades));
                }
            }
            ApproachResult a1;
            ApproachResult a2;
            boolean haveNC = obs.stream().allMatch(o -> o.n() > 0 && o.c() > 0);
            if (!haveNC) {
                String why = "needs N and C (or N and D) for every point";
                a1 = ApproachResult.skipped("approach1", why, List.of());
                a2 = ApproachResult.skipped("approach2", why, List.of());
            } else {
                a1 = Approach1.run(obs, s.k());
                a2 = Approach2.run(obs, s.k(), s.isoflopWidth());
            }
            return new FitOutcome(s, form, data, best, params, derived, predictions, boot, a1, a2, seconds,
                    diagnostics, List.copyOf(warnings), screening);
        } finally {
            pool.shutdown();
        }
    }

    /** The outcome of a screened multi-start: the refined best, and how it was screened. */
    public record Screened(MultiStartResult best, FitOutcome.Screening screening) {
    }

    /**
     * Every start of {@code grid} on {@value #SCREEN_ROWS} points spread evenly over {@code fd}, then the distinct
     * optima whose subsample objective is within 10% of the best's (at most {@value #REFINED}) refined on every
     * point. The result's start counts (starts, reached best, converged, failed) are the screening's; its optimum,
     * objective, iterations and stop reason the refinement's.
     */
    public static Screened screened(ModelForm form, FitData fd, Penalty penalty, FixedParameters fixed,
                                    List<double[]> grid, ForkJoinPool pool, Progress progress) {
        FitData sub = fd.subsample(SCREEN_ROWS);
        MultiStartResult screened = new MultiStartFitter(Lbfgs.forPoints(sub.size()), pool).fit(form, sub, penalty,
                fixed, grid, progress, "screening on " + sub.size() + " of " + fd.size() + " points");
        if (screened.theta() == null) {
            throw new IllegalStateException("every start failed: the objective is not finite anywhere tried");
        }
        List<double[]> keep = new ArrayList<>();
        var subObjective = form.objective(sub, penalty);
        for (double[] o : screened.optima().subList(0, Math.min(REFINED, screened.optima().size()))) {
            if (keep.isEmpty() || subObjective.valueAndGradient(o, new double[o.length])
                    <= 1.1 * screened.objective()) {
                keep.add(o);
            }
        }
        MultiStartResult refined = new MultiStartFitter(Lbfgs.forPoints(fd.size()), pool).fit(form, fd, penalty,
                fixed, keep, progress, "refining the best " + keep.size() + " optima on all " + fd.size() + " points");
        MultiStartResult best = new MultiStartResult(refined.theta(), refined.objective(), screened.starts(),
                screened.reachedBest(), screened.converged(), screened.failed(), screened.bestStartIndex(),
                refined.bestIterations(), refined.optima(), refined.bestConverged(), refined.bestStop());
        return new Screened(best, new FitOutcome.Screening(sub.size(), keep.size(), screened.theta()));
    }

    /**
     * m-out-of-n bootstrap: a refit on m points spreads √(n/m) times wider than one on n, so each sample's deviation
     * from the full-data estimate is shrunk by √(m/n) (in log space for positive quantities).
     */
    static PercentileBootstrap.Result rescale(PercentileBootstrap.Result boot, List<Quantity> q0, double factor) {
        double[][] out = new double[boot.samples().length][];
        for (int b = 0; b < out.length; b++) {
            double[] row = boot.samples()[b].clone();
            for (int q = 0; q < row.length; q++) {
                double est = q0.get(q).value();
                if (est > 0 && row[q] > 0) {
                    row[q] = est * Math.pow(row[q] / est, factor);
                } else if (Double.isFinite(row[q])) {
                    row[q] = est + (row[q] - est) * factor;
                }
            }
            out[b] = row;
        }
        return new PercentileBootstrap.Result(boot.resamples(), boot.seed(), boot.failed(), out);
    }

    /** The interval widened ×(1 + decades) in log space around the estimate (linearly when not positive). */
    static Estimate widen(Estimate e, double decades) {
        if (!(decades > 0) || Double.isNaN(e.lo())) {
            return e;
        }
        double f = 1 + decades;
        double v = e.value();
        double lo;
        double hi;
        if (v > 0 && e.lo() > 0 && e.hi() > 0) {
            lo = v * Math.pow(Math.min(1, e.lo() / v), f);
            hi = v * Math.pow(Math.max(1, e.hi() / v), f);
        } else {
            lo = v - (v - e.lo()) * f;
            hi = v + (e.hi() - v) * f;
        }
        return new Estimate(e.name(), v, lo, hi, e.description());
    }

    static String describe(Map<String, Double> at) {
        StringBuilder sb = new StringBuilder();
        at.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ",").append(k).append('=').append(fmt(v)));
        return sb.toString();
    }

    /** The data's range of N, D and C, to say how far a prediction extrapolates. */
    record Ranges(double[] lo, double[] hi, String[] names) {
        static Ranges of(List<Observation> obs, ModelForm form, FitSettings s) {
            String[] names = {"N", "D", "C"};
            double[] lo = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
            double[] hi = {0, 0, 0};
            for (Observation o : obs) {
                double[] v = {o.n(), o.d(), o.c()};
                for (int k = 0; k < 3; k++) {
                    if (v[k] > 0 && Double.isFinite(v[k])) {
                        lo[k] = Math.min(lo[k], v[k]);
                        hi[k] = Math.max(hi[k], v[k]);
                    }
                }
            }
            return new Ranges(lo, hi, names);
        }

        double decades(String name, double v) {
            int k = java.util.Arrays.asList(names).indexOf(name);
            if (k < 0 || !(v > 0) || !(hi[k] > 0)) {
                return 0;
            }
            return Math.max(0, Math.max(Math.log10(v / hi[k]), Math.log10(lo[k] / v)));
        }

        /** The largest distance of the given point and of the predicted N, D, C (N_opt, D_opt, ...) from the data. */
        double decadesBeyond(Map<String, Double> at, List<Estimate> values) {
            double d = 0;
            for (Map.Entry<String, Double> e : at.entrySet()) {
                d = Math.max(d, decades(e.getKey(), e.getValue()));
            }
            for (Estimate e : values) {
                String name = switch (e.name()) {
                    case "N_opt" -> "N";
                    case "D_opt" -> "D";
                    default -> e.name();
                };
                d = Math.max(d, decades(name, e.value()));
            }
            return d;
        }

        String describe() {
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < names.length; k++) {
                if (hi[k] > 0) {
                    sb.append(sb.length() == 0 ? "" : ", ").append(names[k]).append(' ').append(fmt(lo[k]))
                            .append("..").append(fmt(hi[k]));
                }
            }
            return sb.toString();
        }
    }

    /**
     * One quantity computed from θ; group −2 = parameter, −1 = derived, i ≥ 0 = the i-th prediction.
     */
    record Quantity(int group, String name, double value, String description) {
    }

    static List<Quantity> quantities(ModelForm form, double[] theta, FitSettings s, double maxC) {
        List<Quantity> out = new ArrayList<>();
        for (Map.Entry<String, Double> e : form.reported(theta).entrySet()) {
            out.add(new Quantity(-2, e.getKey(), e.getValue(), ""));
        }
        double k = s.k();
        if (form instanceof ChinchillaForm) {
            Map<String, Double> p = form.reported(theta);
            ComputeOptimal.Chinchilla co = new ComputeOptimal.Chinchilla(p.get("A"), p.get("B"), p.get("E"),
                    p.get("alpha"), p.get("beta"), k);
            out.add(new Quantity(-1, "a", co.a(), "N*(C) exponent, beta/(alpha+beta)"));
            out.add(new Quantity(-1, "b", co.b(), "D*(C) exponent, alpha/(alpha+beta)"));
            out.add(new Quantity(-1, "G", co.g(), "(alpha*A/(beta*B))^(1/(alpha+beta)); N*=G*(C/k)^a, D*=(C/k)^b/G"));
            out.add(new Quantity(-1, "eta", co.eta(), "frontier exponent: L*(C) = E + K*C^-eta, alpha*beta/(alpha+beta)"));
            out.add(new Quantity(-1, "K", co.frontierCoefficient(), "frontier coefficient K"));
            if (Double.isFinite(maxC)) {
                out.add(new Quantity(-1, "tokens_per_param@C=" + fmt(maxC), co.tokensPerParameter(maxC),
                        "D*/N* at the largest C in the data"));
            }
            for (int i = 0; i < s.predictions().size(); i++) {
                Map<String, Double> at = s.predictions().get(i);
                predictJoint(out, i, at, k, co::loss, c -> co.nOpt(c), co::computeFor, co);
            }
        } else if (form instanceof KaplanForm) {
            java.util.function.DoubleBinaryOperator law = (n, d) -> form.predict(theta, n, d);
            if (Double.isFinite(maxC)) {
                double n1 = ComputeOptimal.nOptNumeric(law, maxC, k);
                double n2 = ComputeOptimal.nOptNumeric(law, maxC * 1.01, k);
                out.add(new Quantity(-1, "a_local@C=" + fmt(maxC), Math.log(n2 / n1) / Math.log(1.01),
                        "local exponent of N*(C) at the largest C in the data (numeric)"));
                out.add(new Quantity(-1, "tokens_per_param@C=" + fmt(maxC), maxC / (k * n1) / n1,
                        "D*/N* at the largest C in the data (numeric)"));
            }
            for (int i = 0; i < s.predictions().size(); i++) {
                predictJoint(out, i, s.predictions().get(i), k, law::applyAsDouble,
                        c -> ComputeOptimal.nOptNumeric(law, c, k), null, null);
            }
        } else {
            PowerForm pf = (PowerForm) form;
            for (int i = 0; i < s.predictions().size(); i++) {
                Map<String, Double> at = s.predictions().get(i);
                if (at.containsKey(pf.variable()) && at.size() == 1) {
                    out.add(new Quantity(i, "L", pf.predict(theta, at.get(pf.variable()), 0), "predicted loss"));
                } else if (at.containsKey("loss") && at.size() == 1) {
                    out.add(new Quantity(i, pf.variable(), pf.solveFor(theta, at.get("loss")),
                            pf.variable() + " at which the law reaches this loss"));
                } else {
                    throw new InputException("--predict " + at.keySet() + ": the power form in " + pf.variable()
                            + " takes " + pf.variable() + "=VALUE or loss=VALUE");
                }
            }
        }
        return out;
    }

    private static void predictJoint(List<Quantity> out, int i, Map<String, Double> at, double k,
                                     java.util.function.DoubleBinaryOperator law,
                                     java.util.function.DoubleUnaryOperator nOpt,
                                     java.util.function.DoubleUnaryOperator computeFor,
                                     ComputeOptimal.Chinchilla co) {
        Double n = at.get("N");
        Double d = at.get("D");
        Double c = at.get("C");
        Double loss = at.get("loss");
        if (loss != null && at.size() == 1) {
            if (computeFor == null) {
                throw new InputException("--predict loss=...: only the chinchilla form inverts the frontier");
            }
            double cc = computeFor.applyAsDouble(loss);
            out.add(new Quantity(i, "C", cc, "compute at which the frontier L*(C) reaches this loss"));
            out.add(new Quantity(i, "N_opt", co.nOpt(cc), "N*(C) at that compute"));
            out.add(new Quantity(i, "D_opt", co.dOpt(cc), "D*(C) at that compute"));
            return;
        }
        if (n != null && d != null && c == null && at.size() == 2) {
            out.add(new Quantity(i, "L", law.applyAsDouble(n, d), "predicted loss at N, D"));
            return;
        }
        if (c != null && at.size() == 1) {
            double no = nOpt.applyAsDouble(c);
            double dd = c / (k * no);
            out.add(new Quantity(i, "N_opt", no, "compute-optimal parameters N*(C)"));
            out.add(new Quantity(i, "D_opt", dd, "compute-optimal data D*(C)"));
            out.add(new Quantity(i, "L_opt", law.applyAsDouble(no, dd), "frontier loss L*(C)"));
            out.add(new Quantity(i, "tokens_per_param", dd / no, "D*/N* at C"));
            return;
        }
        if (c != null && at.size() == 2 && (n != null || d != null)) {
            double nn = n != null ? n : c / (k * d);
            double dd = d != null ? d : c / (k * n);
            out.add(new Quantity(i, "L", law.applyAsDouble(nn, dd), "predicted loss at C with " + (n != null
                    ? "N given, D = C/(k*N)" : "D given, N = C/(k*D)")));
            return;
        }
        throw new InputException("--predict " + at.keySet() + ": give C, N and D, C and N, C and D, or loss");
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
