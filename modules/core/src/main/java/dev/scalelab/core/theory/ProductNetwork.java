package dev.scalelab.core.theory;

import java.util.List;

/**
 * xy on [0, 1]² from three of Yarotsky's squares ({@link SquareNetwork}): xy = 2((x + y)/2)² − x²/2 − y²/2, each
 * square replaced by f_m. Each f_m overestimates its square by e ∈ [0, δ], δ = 2^(−2m−2), so the error
 * 2e₁ − e₂/2 − e₃/2 lies in [−δ, 2δ]: sup |error| ≤ 2^(−2m−1), and it is reached, e.g. at (x, y) = (0, 2^(−m))
 * where x and y are interpolation nodes (e₂ = e₃ = 0) and (x + y)/2 = 2^(−m−1) is a midpoint (e₁ = δ).
 * m hidden layers of width 9 (three blocks of 3): P = 90m − 53 dense parameters (24m nonzero);
 * ‖θ‖_∞ = 2 for m = 1 (the output weight 2·1), 4 for m ≥ 2.
 */
public final class ProductNetwork {
    private ProductNetwork() {
    }

    public static double bound(int m) {
        return 2 * SquareNetwork.bound(m);
    }

    /** The smallest m ≥ 1 whose bound 2^(−2m−1) is ≤ ε. */
    public static int depthFor(double eps) {
        return SquareNetwork.depthFor(eps / 2);
    }

    public static long parameterFormula(int m) {
        return 90L * m - 53;
    }

    public static long nonzeroFormula(int m) {
        return 24L * m;
    }

    public static double thetaMaxFormula(int m) {
        return m == 1 ? 2 : 4;
    }

    public static ConstructedNetwork network(int m) {
        SquareNetwork.requireDepth(m);
        var spec = ConstructedNetwork.relu(2, 9, m);
        List<double[]> w = SquareNetwork.empty(spec, true);
        List<double[]> b = SquareNetwork.empty(spec, false);
        SquareNetwork.addBlock(w, b, 2, 9, 0, new double[] {0.5, 0.5}, 0, 2.0, m);
        SquareNetwork.addBlock(w, b, 2, 9, 3, new double[] {1, 0}, 0, -0.5, m);
        SquareNetwork.addBlock(w, b, 2, 9, 6, new double[] {0, 1}, 0, -0.5, m);
        return new ConstructedNetwork("xy from three squares, depth " + m, spec, w, b, bound(m));
    }
}
