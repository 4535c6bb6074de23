package dev.scalelab.scaling.optimal;

import java.util.function.DoubleBinaryOperator;

/**
 * Compute-optimal allocation under C = k·N·D.
 *
 * <p>For L = E + A·N^-α + B·D^-β (Hoffmann et al. 2022, eq. 4) in closed form: N*(C) = G·(C/k)^a,
 * D*(C) = G^-1·(C/k)^b with a = β/(α+β), b = α/(α+β), G = (αA/(βB))^(1/(α+β)); the frontier is
 * L*(C) = E + K·C^-η with η = αβ/(α+β) and K = (A·G^-α + B·G^β)·k^η.
 *
 * <p>For any other law L(N, D), numerically: golden-section search over log N at fixed C.
 */
public final class ComputeOptimal {
    private ComputeOptimal() {
    }

    /** The closed form for the Chinchilla law. */
    public record Chinchilla(double bigA, double bigB, double bigE, double alpha, double beta, double k) {
        public double a() {
            return beta / (alpha + beta);
        }

        public double b() {
            return alpha / (alpha + beta);
        }

        public double g() {
            return Math.pow(alpha * bigA / (beta * bigB), 1.0 / (alpha + beta));
        }

        public double nOpt(double c) {
            return g() * Math.pow(c / k, a());
        }

        public double dOpt(double c) {
            return Math.pow(c / k, b()) / g();
        }

        public double loss(double n, double d) {
            return bigE + bigA * Math.pow(n, -alpha) + bigB * Math.pow(d, -beta);
        }

        public double lossOpt(double c) {
            return loss(nOpt(c), dOpt(c));
        }

        /** η = αβ/(α+β), the exponent of L*(C) − E. */
        public double eta() {
            return alpha * beta / (alpha + beta);
        }

        /** K in L*(C) = E + K·C^-η. */
        public double frontierCoefficient() {
            double g = g();
            return (bigA * Math.pow(g, -alpha) + bigB * Math.pow(g, beta)) * Math.pow(k, eta());
        }

        /** Tokens per parameter D*(C) / N*(C). */
        public double tokensPerParameter(double c) {
            return dOpt(c) / nOpt(c);
        }

        /** The budget C at which L*(C) = loss; NaN when loss <= E. */
        public double computeFor(double loss) {
            if (!(loss > bigE)) {
                return Double.NaN;
            }
            return Math.pow(frontierCoefficient() / (loss - bigE), 1.0 / eta());
        }
    }

    /** N minimizing law(N, C/(k·N)) at budget C, searched over N in [1, C/k]. */
    public static double nOptNumeric(DoubleBinaryOperator law, double c, double k) {
        double lo = 0;
        double hi = Math.log(c / k);
        if (!(hi > lo)) {
            return Double.NaN;
        }
        double phi = (Math.sqrt(5) - 1) / 2;
        double x1 = hi - phi * (hi - lo);
        double x2 = lo + phi * (hi - lo);
        double f1 = at(law, x1, c, k);
        double f2 = at(law, x2, c, k);
        for (int i = 0; i < 200 && hi - lo > 1e-12; i++) {
            if (f1 <= f2) {
                hi = x2;
                x2 = x1;
                f2 = f1;
                x1 = hi - phi * (hi - lo);
                f1 = at(law, x1, c, k);
            } else {
                lo = x1;
                x1 = x2;
                f1 = f2;
                x2 = lo + phi * (hi - lo);
                f2 = at(law, x2, c, k);
            }
        }
        return Math.exp(0.5 * (lo + hi));
    }

    private static double at(DoubleBinaryOperator law, double logN, double c, double k) {
        double n = Math.exp(logN);
        double v = law.applyAsDouble(n, c / (k * n));
        return Double.isFinite(v) ? v : Double.POSITIVE_INFINITY;
    }
}
