package dev.scalelab.core.theory;

import dev.scalelab.core.UserInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * Yarotsky's (2017) deep ReLU approximation of x² on [0, 1]: f_m(x) = x − Σ_{s=1..m} g_s(x)/4^s, g_s the s-fold
 * tent map. f_m is the piecewise-linear interpolant of x² at the 2^m + 1 points j/2^m, so f_m ≥ x² and
 * sup_{[0,1]} |f_m − x²| = 2^(−2m−2), reached at the midpoints (2j + 1)/2^(m+1) (a chord of x² over an interval
 * of length h lies h²/4 above it at the middle).
 *
 * <p>The network has m hidden layers of width 3 per square. Layer s holds (p, q, a) = (relu(g_{s−1}),
 * relu(g_{s−1} − ½), f_{s−1}) with g_0 = f_0 = x, so g_s = 2p − 4q (Telgarsky's tent step) and
 * f_s = a − (2p − 4q)/4^s; a stays ≥ 0, so its ReLU passes it unchanged. The first layer computes (relu(z),
 * relu(z − ½), relu(z)) for z = v·x + c, which squares z₊ = max(z, 0) on z₊ ≤ 1: {@link #addBlock} is that
 * building block, used by {@link ProductNetwork} and {@link SplineNetwork}. Alone (one input, z = x):
 * P = 12m − 2 parameters (8m − 1 of them nonzero), ‖θ‖_∞ = 1 for m = 1 and 4 (the −4 of the tent) for m ≥ 2.
 */
public final class SquareNetwork {
    private SquareNetwork() {
    }

    /** The sup error of f_m on [0, 1]: 2^(−2m−2). */
    public static double bound(int m) {
        requireDepth(m);
        return Math.scalb(1.0, -2 * m - 2);
    }

    /** The smallest m ≥ 1 whose bound 2^(−2m−2) is ≤ ε. */
    public static int depthFor(double eps) {
        UserInputException.require(eps > 0 && eps < 1, "ε must be in (0, 1), got " + eps);
        int m = 1;
        while (bound(m) > eps) {
            m++;
        }
        return m;
    }

    public static long parameterFormula(int m) {
        return 12L * m - 2;
    }

    public static long nonzeroFormula(int m) {
        return 8L * m - 1;
    }

    public static double thetaMaxFormula(int m) {
        return m == 1 ? 1 : 4;
    }

    public static ConstructedNetwork network(int m) {
        requireDepth(m);
        List<double[]> w = empty(ConstructedNetwork.relu(1, 3, m), true);
        List<double[]> b = empty(ConstructedNetwork.relu(1, 3, m), false);
        addBlock(w, b, 1, 3, 0, new double[] {1}, 0, 1.0, m);
        return new ConstructedNetwork("x² (Yarotsky), depth " + m, ConstructedNetwork.relu(1, 3, m), w, b, bound(m));
    }

    static void requireDepth(int m) {
        UserInputException.require(m >= 1 && m <= 26, "the depth m must be in 1..26, got " + m);
    }

    /** Zero weights (or biases) for every layer of {@code spec}. */
    static List<double[]> empty(dev.scalelab.core.spec.MlpSpec spec, boolean weights) {
        List<double[]> out = new ArrayList<>();
        for (int l = 0; l < spec.layerCount(); l++) {
            out.add(new double[(weights ? spec.fanIn(l) : 1) * spec.fanOut(l)]);
        }
        return out;
    }

    /**
     * Writes one square block into a network of {@code m} hidden layers of {@code width} units with
     * {@code inputs} inputs: units offset..offset+2 of every hidden layer; the block squares z₊ for
     * z = Σ v_i x_i + c and adds coef · f_m(z₊) to the output.
     */
    static void addBlock(List<double[]> w, List<double[]> b, int inputs, int width, int offset, double[] v, double c,
                         double coef, int m) {
        int p = offset;
        int q = offset + 1;
        int a = offset + 2;
        for (int i = 0; i < inputs; i++) {
            w.get(0)[i * width + p] = v[i];
            w.get(0)[i * width + q] = v[i];
            w.get(0)[i * width + a] = v[i];
        }
        b.get(0)[p] = c;
        b.get(0)[q] = c - 0.5;
        b.get(0)[a] = c;
        for (int s = 1; s < m; s++) {
            double[] ws = w.get(s);
            double scale = Math.scalb(1.0, -2 * s);
            ws[p * width + p] = 2;
            ws[q * width + p] = -4;
            ws[p * width + q] = 2;
            ws[q * width + q] = -4;
            b.get(s)[q] = -0.5;
            ws[a * width + a] = 1;
            ws[p * width + a] = -2 * scale;
            ws[q * width + a] = 4 * scale;
        }
        double[] out = w.get(m);
        double scale = Math.scalb(1.0, -2 * m);
        out[a] += coef;
        out[p] += -2 * scale * coef;
        out[q] += 4 * scale * coef;
    }
}
