package dev.scalelab.scaling.fit;

/**
 * Limited-memory BFGS (Nocedal and Wright, algorithm 7.4/7.5) with a Wolfe line search (bracketing and zoom as
 * in their algorithms 3.5 and 3.6, cubic interpolation in the zoom phase). The curvature test is the weak one,
 * g(x+td)·d ≥ c2·g(x)·d, which keeps every curvature pair positive and, on Huber objectives whose curvature jumps,
 * needs about 10% fewer evaluations than the strong test. Unconstrained; the objectives of this
 * module are written in parameterizations where that is natural (logs of positive constants).
 *
 * <p>Stops when the gradient's infinity norm is at most {@code gradientTolerance}, or when an iteration lowers the
 * objective by no more than {@code relativeTolerance · max(|f_k|, |f_k+1|, tiny)}, or after {@code maxIterations}.
 * Instances are immutable and may be shared between threads.
 */
public final class Lbfgs {
    private static final double C1 = 1e-4;
    private static final double C2 = 0.9;
    private static final int MAX_LINE_SEARCH_EVALS = 40;

    private final int memory;
    private final int maxIterations;
    private final double gradientTolerance;
    private final double relativeTolerance;

    public Lbfgs(int memory, int maxIterations, double gradientTolerance, double relativeTolerance) {
        if (memory < 1 || maxIterations < 1 || !(gradientTolerance >= 0) || !(relativeTolerance >= 0)) {
            throw new IllegalArgumentException("invalid L-BFGS settings");
        }
        this.memory = memory;
        this.maxIterations = maxIterations;
        this.gradientTolerance = gradientTolerance;
        this.relativeTolerance = relativeTolerance;
    }

    /** Tight defaults: memory 10, 2000 iterations, |∇f|∞ ≤ 1e-11, relative decrease ≤ 1e-14. */
    public static Lbfgs tight() {
        return new Lbfgs(10, 2000, 1e-11, 1e-14);
    }

    /**
     * {@link #tight()} for up to 1,000 points; beyond, both tolerances grow with the point count n (×n/1000): the
     * objective and its gradient are sums of n terms, whose rounding grows with n, so a fixed absolute gradient
     * tolerance of 1e-11 is out of reach at 10^6 points and the line search then fails for want of a decrease.
     */
    public static Lbfgs forPoints(int n) {
        double f = Math.max(1.0, n / 1000.0);
        return new Lbfgs(10, 2000, 1e-11 * f, 1e-14 * f);
    }

    public int maxIterations() {
        return maxIterations;
    }

    public LbfgsResult minimize(DifferentiableFunction f, double[] start) {
        final int n = start.length;
        double[] x = start.clone();
        double[] g = new double[n];
        double fx = f.valueAndGradient(x, g);
        int evals = 1;
        if (!Double.isFinite(fx) || !allFinite(g)) {
            return new LbfgsResult(x, fx, Double.NaN, 0, evals, false, "objective not finite at the start");
        }
        double[][] s = new double[memory][n];
        double[][] y = new double[memory][n];
        double[] rho = new double[memory];
        double[] alphaBuf = new double[memory];
        int stored = 0;
        int head = 0; // index of the next slot to write
        double[] d = new double[n];
        double[] xNew = new double[n];
        double[] gNew = new double[n];
        LineSearch ls = new LineSearch(n);
        int iter = 0;
        String reason = "iteration limit";
        boolean converged = false;
        while (iter < maxIterations) {
            double gInf = normInf(g);
            if (gInf <= gradientTolerance) {
                converged = true;
                reason = "gradient below tolerance";
                break;
            }
            // two-loop recursion: d = -H g
            for (int i = 0; i < n; i++) {
                d[i] = -g[i];
            }
            for (int k = 0; k < stored; k++) {
                int j = Math.floorMod(head - 1 - k, memory);
                double a = rho[j] * dot(s[j], d);
                alphaBuf[j] = a;
                axpy(-a, y[j], d);
            }
            double initialStep;
            if (stored > 0) {
                int last = Math.floorMod(head - 1, memory);
                double gamma = dot(s[last], y[last]) / dot(y[last], y[last]);
                scale(gamma, d);
                initialStep = 1.0;
            } else {
                initialStep = Math.min(1.0, 1.0 / norm2(g));
            }
            for (int k = stored - 1; k >= 0; k--) {
                int j = Math.floorMod(head - 1 - k, memory);
                double b = rho[j] * dot(y[j], d);
                axpy(alphaBuf[j] - b, s[j], d);
            }
            double slope = dot(g, d);
            if (!(slope < 0)) { // not a descent direction: restart from steepest descent
                stored = 0;
                for (int i = 0; i < n; i++) {
                    d[i] = -g[i];
                }
                slope = dot(g, d);
                initialStep = Math.min(1.0, 1.0 / norm2(g));
            }
            double step = ls.search(f, x, fx, g, d, slope, initialStep, xNew, gNew);
            evals += ls.evaluations;
            if (!(step > 0)) {
                if (stored > 0) { // drop the curvature pairs and try steepest descent once more
                    stored = 0;
                    iter++;
                    continue;
                }
                reason = "line search found no decrease";
                converged = relativeTolerance > 0 && gInf <= 1e3 * gradientTolerance;
                break;
            }
            double fNew = ls.value;
            iter++;
            // curvature pair
            double sy = 0;
            double yy = 0;
            double[] sj = s[head];
            double[] yj = y[head];
            for (int i = 0; i < n; i++) {
                sj[i] = xNew[i] - x[i];
                yj[i] = gNew[i] - g[i];
                sy += sj[i] * yj[i];
                yy += yj[i] * yj[i];
            }
            if (sy > 1e-300 && sy > 2.2e-16 * yy) {
                rho[head] = 1.0 / sy;
                head = (head + 1) % memory;
                stored = Math.min(stored + 1, memory);
            }
            double decrease = fx - fNew;
            double scaleF = Math.max(Math.max(Math.abs(fx), Math.abs(fNew)), Double.MIN_NORMAL);
            System.arraycopy(xNew, 0, x, 0, n);
            System.arraycopy(gNew, 0, g, 0, n);
            fx = fNew;
            if (decrease <= relativeTolerance * scaleF) {
                converged = true;
                reason = "relative decrease below tolerance";
                break;
            }
        }
        return new LbfgsResult(x, fx, normInf(g), iter, evals, converged, reason);
    }

    /** Wolfe line search; reusable per thread of one minimization. */
    private static final class LineSearch {
        private final double[] gTrial;
        private final double[] xTrial;
        int evaluations;
        double value;

        LineSearch(int n) {
            gTrial = new double[n];
            xTrial = new double[n];
        }

        /** Returns the accepted step (>0), writing the point and gradient into xOut/gOut, or 0 on failure. */
        double search(DifferentiableFunction f, double[] x, double f0, double[] g0, double[] d, double slope0,
                      double initialStep, double[] xOut, double[] gOut) {
            evaluations = 0;
            double prevStep = 0;
            double prevValue = f0;
            double prevSlope = slope0;
            double step = initialStep;
            for (int i = 0; evaluations < MAX_LINE_SEARCH_EVALS; i++) {
                double v = evaluate(f, x, d, step);
                double sl = dot(gTrial, d);
                if (!Double.isFinite(v) || !Double.isFinite(sl)) { // too far: shrink towards the last good step
                    step = prevStep + 0.1 * (step - prevStep);
                    if (step - prevStep <= 1e-20 * Math.max(1, prevStep)) {
                        return 0;
                    }
                    continue;
                }
                if (v > f0 + C1 * step * slope0 || (i > 0 && v >= prevValue)) {
                    return zoom(f, x, f0, slope0, d, prevStep, prevValue, prevSlope, step, v, sl, xOut, gOut);
                }
                if (sl >= C2 * slope0) {
                    return accept(x, d, step, v, xOut, gOut);
                }
                if (sl >= 0) {
                    return zoom(f, x, f0, slope0, d, step, v, sl, prevStep, prevValue, prevSlope, xOut, gOut);
                }
                prevStep = step;
                prevValue = v;
                prevSlope = sl;
                step = step * 4;
            }
            return 0;
        }

        private double zoom(DifferentiableFunction f, double[] x, double f0, double slope0, double[] d,
                            double lo, double fLo, double sLo, double hi, double fHi, double sHi,
                            double[] xOut, double[] gOut) {
            double bestStep = 0;
            double bestValue = f0;
            while (evaluations < MAX_LINE_SEARCH_EVALS) {
                double width = hi - lo;
                double trial = cubicMin(lo, fLo, sLo, hi, fHi, sHi);
                double margin = 0.1 * Math.abs(width);
                double left = Math.min(lo, hi) + margin;
                double right = Math.max(lo, hi) - margin;
                if (!Double.isFinite(trial) || trial < left || trial > right) {
                    trial = 0.5 * (lo + hi);
                }
                if (Math.abs(width) <= 1e-16 * Math.max(Math.abs(lo), 1e-300)) {
                    break;
                }
                double v = evaluate(f, x, d, trial);
                double sl = dot(gTrial, d);
                if (!Double.isFinite(v)) {
                    hi = trial;
                    fHi = Double.POSITIVE_INFINITY;
                    sHi = Double.NaN;
                    continue;
                }
                if (v < bestValue) {
                    bestValue = v;
                    bestStep = trial;
                }
                if (v > f0 + C1 * trial * slope0 || v >= fLo) {
                    hi = trial;
                    fHi = v;
                    sHi = sl;
                } else {
                    if (sl >= C2 * slope0) {
                        return accept(x, d, trial, v, xOut, gOut);
                    }
                    if (sl * (hi - lo) >= 0) {
                        hi = lo;
                        fHi = fLo;
                        sHi = sLo;
                    }
                    lo = trial;
                    fLo = v;
                    sLo = sl;
                }
            }
            // Wolfe not met within the budget: accept the best sufficient decrease seen, if any
            if (bestStep > 0 && bestValue <= f0 + C1 * bestStep * slope0) {
                double v = evaluate(f, x, d, bestStep);
                return accept(x, d, bestStep, v, xOut, gOut);
            }
            if (lo > 0 && fLo < f0) {
                double v = evaluate(f, x, d, lo);
                return accept(x, d, lo, v, xOut, gOut);
            }
            return 0;
        }

        private double evaluate(DifferentiableFunction f, double[] x, double[] d, double step) {
            for (int i = 0; i < x.length; i++) {
                xTrial[i] = x[i] + step * d[i];
            }
            evaluations++;
            return f.valueAndGradient(xTrial, gTrial);
        }

        private double accept(double[] x, double[] d, double step, double v, double[] xOut, double[] gOut) {
            System.arraycopy(xTrial, 0, xOut, 0, x.length);
            System.arraycopy(gTrial, 0, gOut, 0, x.length);
            value = v;
            return step;
        }

        /** Minimizer of the cubic interpolating (a, fa, sa) and (b, fb, sb); NaN when it has none. */
        private static double cubicMin(double a, double fa, double sa, double b, double fb, double sb) {
            if (!Double.isFinite(fb) || !Double.isFinite(sb) || !Double.isFinite(sa)) {
                return Double.NaN;
            }
            double d1 = sa + sb - 3 * (fa - fb) / (a - b);
            double disc = d1 * d1 - sa * sb;
            if (disc < 0) {
                return Double.NaN;
            }
            double d2 = Math.signum(b - a) * Math.sqrt(disc);
            return b - (b - a) * (sb + d2 - d1) / (sb - sa + 2 * d2);
        }
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }

    private static void scale(double a, double[] x) {
        for (int i = 0; i < x.length; i++) {
            x[i] *= a;
        }
    }

    private static double norm2(double[] x) {
        return Math.sqrt(dot(x, x));
    }

    private static double normInf(double[] x) {
        double m = 0;
        for (double v : x) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
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
