package dev.scalelab.scaling;

import java.util.SplittableRandom;

/** Synthetic scaling-law data with multiplicative log-normal noise, for tests. */
public final class Synthetic {
    private Synthetic() {
    }

    public static double gaussian(SplittableRandom r) {
        double u1 = r.nextDouble();
        double u2 = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }

    public static double logUniform(SplittableRandom r, double lo, double hi) {
        return Math.exp(Math.log(lo) + r.nextDouble() * (Math.log(hi) - Math.log(lo)));
    }

    /** Points of L = E + A N^-alpha + B D^-beta: {N[], D[], L[]}. */
    public static double[][] chinchilla(long seed, int n, double noise, double e, double a, double b, double alpha,
                                        double beta) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] out = new double[3][n];
        for (int i = 0; i < n; i++) {
            double nn = logUniform(r, 6e7, 1.6e10);
            double dd = logUniform(r, 2.5e8, 3.2e11);
            out[0][i] = nn;
            out[1][i] = dd;
            out[2][i] = (e + a * Math.pow(nn, -alpha) + b * Math.pow(dd, -beta)) * Math.exp(noise * gaussian(r));
        }
        return out;
    }
}
