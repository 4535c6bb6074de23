package dev.scalelab.core.theory;

import dev.scalelab.core.UserInputException;
import java.util.List;

/**
 * A piecewise-quadratic (C¹ quadratic spline) approximation of exp on [0, 1] built from Yarotsky's squares
 * ({@link SquareNetwork}). With N pieces, knots t_i = i/N and h = 1/N, the spline s has s(0) = 1 and s' = the
 * piecewise-linear interpolant of f' = exp at the knots:
 * s(x) = 1 + x + Σ_{i=0..N−1} (c_i/2)·(x − t_i)₊², c_0 = (e^{t_1} − 1)/h, c_i = (e^{t_{i+1}} − 2e^{t_i} + e^{t_{i−1}})/h.
 * Since s − f = ∫₀ˣ (I[f'] − f'), the trapezoid rule's error on each whole piece (h³/12·|f'''|) and the
 * interpolation error on the last, partial one (h·h²/8·|f'''|) give sup |s − exp| ≤ e·(h²/12 + h³/8).
 * Each (x − t_i)₊² is one square block (its first layer computes relu(x − t_i), relu(x − t_i − ½),
 * relu(x − t_i), which is f_m of (x − t_i)₊ ∈ [0, 1]) and overestimates by at most δ = 2^(−2m−2), so the network
 * is within {@link #bound} = e·(h²/12 + h³/8) + δ·Σ|c_i|/2 of exp on [0, 1] (c_i > 0 here: the two errors add).
 * One more unit carries x through the m hidden layers for the linear term. Width 3N + 1, depth m; dense
 * P = 2W + (m − 1)(W² + W) + W + 1 with W = 3N + 1 (the blocks are disjoint, so most are zero: 8mN + N + m
 * nonzero); ‖θ‖_∞ = 4 for m ≥ 2.
 */
public final class SplineNetwork {
    private SplineNetwork() {
    }

    /** The spline's coefficients c_0 … c_{N−1} (see the class comment). */
    static double[] coefficients(int pieces) {
        double h = 1.0 / pieces;
        double[] c = new double[pieces];
        // c_0: the slope of the interpolant of f' on the first piece; c_i: the change of slope at t_i.
        c[0] = (Math.exp(h) - 1.0) / h;
        for (int i = 1; i < pieces; i++) {
            c[i] = (Math.exp((i + 1) * h) - 2 * Math.exp(i * h) + Math.exp((i - 1) * h)) / h;
        }
        return c;
    }

    /** The spline's own error bound e·(h²/12 + h³/8). */
    public static double splineBound(int pieces) {
        double h = 1.0 / pieces;
        return Math.E * (h * h / 12 + h * h * h / 8);
    }

    public static double bound(int pieces, int m) {
        double sum = 0;
        for (double c : coefficients(pieces)) {
            sum += Math.abs(c);
        }
        return splineBound(pieces) + SquareNetwork.bound(m) * sum / 2;
    }

    /** N and m for a target ε: the fewest pieces with spline bound ≤ ε/2, then the least m with bound ≤ ε. */
    public static int[] sizeFor(double eps) {
        UserInputException.require(eps > 0 && eps < 1, "ε must be in (0, 1), got " + eps);
        int pieces = 1;
        while (splineBound(pieces) > eps / 2) {
            pieces++;
        }
        int m = 1;
        while (bound(pieces, m) > eps) {
            m++;
        }
        return new int[] {pieces, m};
    }

    public static long parameterFormula(int pieces, int m) {
        long w = 3L * pieces + 1;
        return 2 * w + (m - 1) * (w * w + w) + w + 1;
    }

    public static long nonzeroFormula(int pieces, int m) {
        return 8L * m * pieces + pieces + m;
    }

    public static ConstructedNetwork network(int pieces, int m) {
        SquareNetwork.requireDepth(m);
        UserInputException.require(pieces >= 1 && pieces <= 4096, "the pieces N must be in 1..4096, got " + pieces);
        int width = 3 * pieces + 1;
        var spec = ConstructedNetwork.relu(1, width, m);
        List<double[]> w = SquareNetwork.empty(spec, true);
        List<double[]> b = SquareNetwork.empty(spec, false);
        double[] c = coefficients(pieces);
        for (int i = 0; i < pieces; i++) {
            SquareNetwork.addBlock(w, b, 1, width, 3 * i, new double[] {1}, -(double) i / pieces, c[i] / 2, m);
        }
        int carry = 3 * pieces;
        w.get(0)[carry] = 1;
        for (int s = 1; s < m; s++) {
            w.get(s)[carry * width + carry] = 1;
        }
        w.get(m)[carry] = 1; // f'(0) = 1
        b.get(m)[0] = 1; // f(0) = 1
        return new ConstructedNetwork("exp on [0, 1], quadratic spline of " + pieces + " pieces, depth " + m, spec, w,
                b, bound(pieces, m));
    }
}
