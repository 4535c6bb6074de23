package dev.scalelab.scaling;

import dev.scalelab.scaling.bootstrap.PercentileBootstrap;
import dev.scalelab.scaling.data.Dataset;
import dev.scalelab.scaling.data.InputException;
import dev.scalelab.scaling.data.Observation;
import dev.scalelab.scaling.fit.ChinchillaForm;
import dev.scalelab.scaling.fit.FitData;
import dev.scalelab.scaling.fit.KaplanForm;
import dev.scalelab.scaling.fit.Lbfgs;
import dev.scalelab.scaling.fit.ModelForm;
import dev.scalelab.scaling.fit.MultiStartFitter;
import dev.scalelab.scaling.fit.MultiStartResult;
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
        return switch (s.form()) {
            case "chinchilla" -> new ChinchillaForm();
            case "kaplan" -> new KaplanForm();
            default -> new PowerForm(s.x(), s.irreducible());
        };
    }

    /** The points of {@code data} as the form sees them (first/second variable and loss). */
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
        return FitData.of(first, second, loss);
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
    static void requireDetermined(ModelForm form, FitSettings s, Dataset data) {
        if (form.joint()) {
            requireDistinct(data, "N", 2, "the N exponent", form);
            requireDistinct(data, "D", 2, "the D exponent", form);
        } else {
            requireDistinct(data, s.x(), form.dimension(), "its " + form.dimension() + " parameters", form);
        }
    }

    private static void requireDistinct(Dataset data, String x, int needed, String what, ModelForm form) {
        java.util.SortedSet<Double> values = new java.util.TreeSet<>();
        for (Observation o : data.observations()) {
            values.add(variable(o, x));
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

    public static FitOutcome run(Dataset data, FitSettings s) {
        ModelForm form = formFor(s);
        List<Observation> obs = data.observations();
        if (obs.size() < form.dimension()) {
            throw new InputException(String.join(", ", data.inputs()) + ": " + obs.size()
                    + " point(s) left after exclusions (rows read " + data.rowsRead() + ", excluded "
                    + data.excludedTotal() + "); the " + form.name() + " form has " + form.dimension()
                    + " parameters");
        }
        requireDetermined(form, s, data);
        FitData fd = fitData(form, s, obs);
        ForkJoinPool pool = new ForkJoinPool(s.threads());
        try {
            MultiStartFitter fitter = new MultiStartFitter(Lbfgs.tight(), pool);
            long t0 = System.nanoTime();
            MultiStartResult best = fitter.fit(form, fd, s.penalty(), form.starts(fd));
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
                // refits start from the full-data optimum and the other distinct local optima the grid found
                starts.addAll(best.optima().subList(Math.min(1, best.optima().size()), best.optima().size()));
                boot = PercentileBootstrap.run(fd, s.bootstrap(), s.seed(), q0.size(), resample -> {
                    MultiStartResult r = fitter.fitSequential(form, resample, s.penalty(), starts);
                    if (r.theta() == null) {
                        return null;
                    }
                    return quantities(form, r.theta(), s, maxC).stream().mapToDouble(Quantity::value).toArray();
                }, pool);
            }
            double tail = (1 - s.confidence()) / 2;
            List<Estimate> params = new ArrayList<>();
            List<Estimate> derived = new ArrayList<>();
            Map<Integer, List<Estimate>> preds = new LinkedHashMap<>();
            for (int i = 0; i < q0.size(); i++) {
                Quantity q = q0.get(i);
                double lo = boot == null ? Double.NaN : boot.quantile(i, tail);
                double hi = boot == null ? Double.NaN : boot.quantile(i, 1 - tail);
                Estimate e = new Estimate(q.name(), q.value(), lo, hi, q.description());
                if (q.group() == -2) {
                    params.add(e);
                } else if (q.group() == -1) {
                    derived.add(e);
                } else {
                    preds.computeIfAbsent(q.group(), g -> new ArrayList<>()).add(e);
                }
            }
            List<FitOutcome.Prediction> predictions = new ArrayList<>();
            for (int i = 0; i < s.predictions().size(); i++) {
                predictions.add(new FitOutcome.Prediction(s.predictions().get(i), preds.getOrDefault(i, List.of())));
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
            return new FitOutcome(s, form, data, best, params, derived, predictions, boot, a1, a2, seconds);
        } finally {
            pool.shutdown();
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
