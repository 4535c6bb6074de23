package dev.scalelab.core.theory;

import dev.scalelab.core.UserInputException;

/**
 * How well can a function with at most m + 1 affine pieces (one hidden ReLU layer of width m has at most m + 1)
 * fit Δ^k on [0, 1]? A lower bound, valid even for discontinuous piecewise-affine functions: Δ^k is 2^(k−1)
 * tents, each on an interval of length L = 2^(1−k) rising from 0 to 1 and back. The m breakpoints lie inside at
 * most m of those (open) intervals; on each other tent the function is one affine ℓ, and the best affine fit of a
 * tent is the constant ½ (the tent is symmetric about its centre, so the odd part of ℓ only adds error), whose
 * squared L2 error is L·Var(U[0, 1]) = L/12 and whose sup error is ½. Hence, with T = 2^(k−1),
 * <pre>
 *   ∫₀¹ (g − Δ^k)² ≥ max(0, T − m)·2^(1−k)/12 = max(0, 2^(k−1) − m) / (6·2^k),
 *   sup |g − Δ^k| ≥ ½ whenever m &lt; 2^(k−1).
 * </pre>
 * The squared bound is exact for m = 0 (1/12, the best constant) and for every m ≥ 2^k − 1 (0, the network can
 * be Δ^k); in between it is a bound, not the optimum (a breakpoint inside a tent but off its apex still leaves
 * error there). Read as width: reaching MSE ε needs m ≥ 2^(k−1) − 6·2^k·ε, i.e. width at least ≈ 2^(k−1) for
 * small ε, and sup error below ½ needs m ≥ 2^(k−1).
 */
public final class ShallowTentBound {
    private ShallowTentBound() {
    }

    /** The lower bound on ∫₀¹ (g − Δ^k)² (the MSE on a uniform grid of [0, 1]) for ≤ m breakpoints. */
    public static double squaredL2(int k, long m) {
        require(k, m);
        double tents = Math.scalb(1.0, k - 1);
        return Math.max(0, tents - m) / (6 * Math.scalb(1.0, k));
    }

    /** The lower bound on sup |g − Δ^k| for ≤ m breakpoints: ½ while some tent has none, else 0. */
    public static double sup(int k, long m) {
        require(k, m);
        return m < Math.scalb(1.0, k - 1) ? 0.5 : 0;
    }

    /** The fewest breakpoints (hidden units) for which the squared bound allows an MSE ≤ ε. */
    public static long widthFor(int k, double eps) {
        require(k, 0);
        UserInputException.require(eps > 0, "ε must be > 0, got " + eps);
        double need = Math.scalb(1.0, k - 1) - 6 * Math.scalb(1.0, k) * eps;
        return Math.max(0, (long) Math.ceil(need));
    }

    private static void require(int k, long m) {
        UserInputException.require(k >= 1 && k <= 30, "k must be in 1..30, got " + k);
        UserInputException.require(m >= 0, "the number of hidden units m must be ≥ 0, got " + m);
    }
}
