package dev.scalelab.scaling.fit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/** Runs L-BFGS from every start, in parallel on a given pool, and keeps the best optimum. */
public final class MultiStartFitter {
    private static final int KEPT_OPTIMA = 4;

    private final Lbfgs lbfgs;
    private final ForkJoinPool pool;

    public MultiStartFitter(Lbfgs lbfgs, ForkJoinPool pool) {
        this.lbfgs = lbfgs;
        this.pool = pool;
    }

    public Lbfgs lbfgs() {
        return lbfgs;
    }

    public MultiStartResult fit(ModelForm form, FitData data, Penalty penalty, List<double[]> starts) {
        return fit(form, data, penalty, FixedParameters.none(form), starts, null, null);
    }

    /**
     * Every start (a full θ) in parallel, moving only the components {@code fixed} leaves free (distinct starts only);
     * the result's θ and optima are full. {@code progress} (may be null) is told after each start how many are done
     * and the best objective so far, under the label {@code what}.
     */
    public MultiStartResult fit(ModelForm form, FitData data, Penalty penalty, FixedParameters fixed,
                                List<double[]> fullStarts, dev.scalelab.scaling.Progress progress, String what) {
        DifferentiableFunction objective = fixed.restrict(form.objective(data, penalty));
        List<double[]> starts = fixed.starts(fullStarts);
        LbfgsResult[] results = new LbfgsResult[starts.size()];
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.DoubleAccumulator best =
                new java.util.concurrent.atomic.DoubleAccumulator(Math::min, Double.POSITIVE_INFINITY);
        java.util.function.IntConsumer one = i -> {
            results[i] = lbfgs.minimize(objective, starts.get(i));
            if (progress != null) {
                if (Double.isFinite(results[i].value())) {
                    best.accumulate(results[i].value());
                }
                int d = done.incrementAndGet();
                progress.report(() -> String.format(java.util.Locale.ROOT, "%s: %d/%d starts done, best objective "
                        + "%.6g", what, d, starts.size(), best.get()));
            }
        };
        if (pool == null || starts.size() < 2) {
            for (int i = 0; i < starts.size(); i++) {
                one.accept(i);
            }
        } else {
            pool.submit(() -> IntStream.range(0, starts.size()).parallel().forEach(one)).join();
        }
        return fixed.full(summarize(results));
    }

    /** Sequential variant (used inside bootstrap resamples, which are themselves run in parallel). */
    public MultiStartResult fitSequential(ModelForm form, FitData data, Penalty penalty, FixedParameters fixed,
                                          List<double[]> fullStarts) {
        DifferentiableFunction objective = fixed.restrict(form.objective(data, penalty));
        List<double[]> starts = fixed.starts(fullStarts);
        LbfgsResult[] results = new LbfgsResult[starts.size()];
        for (int i = 0; i < starts.size(); i++) {
            results[i] = lbfgs.minimize(objective, starts.get(i));
        }
        return fixed.full(summarize(results));
    }

    static MultiStartResult summarize(LbfgsResult[] results) {
        int best = -1;
        int failed = 0;
        int converged = 0;
        for (int i = 0; i < results.length; i++) {
            LbfgsResult r = results[i];
            if (!Double.isFinite(r.value()) || !allFinite(r.x())) {
                failed++;
                continue;
            }
            if (r.converged()) {
                converged++;
            }
            if (best < 0 || r.value() < results[best].value()) {
                best = i;
            }
        }
        if (best < 0) {
            return new MultiStartResult(null, Double.NaN, results.length, 0, converged, failed, -1, 0, List.of(), false,
                    "objective not finite at any start");
        }
        double[] theta = results[best].x();
        double f = results[best].value();
        int reached = 0;
        List<double[]> optima = new ArrayList<>();
        Integer[] order = IntStream.range(0, results.length)
                .filter(i -> Double.isFinite(results[i].value()) && allFinite(results[i].x()))
                .boxed().sorted((a, b) -> Double.compare(results[a].value(), results[b].value()))
                .toArray(Integer[]::new);
        for (int i : order) {
            LbfgsResult r = results[i];
            if (sameOptimum(r.value(), r.x(), f, theta)) {
                reached++;
            }
            if (optima.size() < KEPT_OPTIMA) {
                boolean seen = false;
                for (double[] o : optima) {
                    if (closeTheta(o, r.x())) {
                        seen = true;
                        break;
                    }
                }
                if (!seen) {
                    optima.add(r.x().clone());
                }
            }
        }
        return new MultiStartResult(theta.clone(), f, results.length, reached, converged, failed, best,
                results[best].iterations(), List.copyOf(optima), results[best].converged(), results[best].reason());
    }

    static boolean sameOptimum(double f, double[] x, double fBest, double[] xBest) {
        // an absolute floor too: on exact data the best objective is ~1e-30 and a relative test alone matches nothing
        double tol = Math.max(MultiStartResult.SAME_OBJECTIVE_RTOL * Math.abs(fBest),
                MultiStartResult.SAME_OBJECTIVE_ATOL);
        return f - fBest <= tol && closeTheta(x, xBest);
    }

    private static boolean closeTheta(double[] x, double[] ref) {
        for (int k = 0; k < x.length; k++) {
            if (Math.abs(x[k] - ref[k]) > MultiStartResult.SAME_THETA_TOL * Math.max(1.0, Math.abs(ref[k]))) {
                return false;
            }
        }
        return true;
    }

    private static boolean allFinite(double[] x) {
        for (double v : x) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
