package dev.scalelab.engine.linalg;

import dev.scalelab.core.util.Rng;

/** Random least-squares problems of known rank, shared by the CPU test and the CUDA test on the fake library. */
public final class LeastSquaresCases {
    private LeastSquaresCases() {
    }

    /**
     * {@code count} n×m products U·V of N(0, 1) factors with inner dimension r (so rank r exactly in exact
     * arithmetic, the case where a rank rule is tested hardest), each with an N(0, 1) right-hand side.
     */
    public static LeastSquaresBatch lowRank(Rng rng, int count, int n, int m, int r) {
        double[] a = new double[count * n * m];
        double[] b = new double[count * n];
        for (int q = 0; q < count; q++) {
            double[] u = normals(rng, n * r);
            double[] v = normals(rng, r * m);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) {
                    double s = 0;
                    for (int p = 0; p < r; p++) {
                        s += u[i * r + p] * v[p * m + j];
                    }
                    a[q * n * m + i * m + j] = s;
                }
                b[q * n + i] = rng.normal();
            }
        }
        return new LeastSquaresBatch(count, n, m, a, b);
    }

    /** ‖x − y‖, Euclidean. */
    public static double distance(double[] x, double[] y) {
        double s = 0;
        for (int j = 0; j < x.length; j++) {
            s += (x[j] - y[j]) * (x[j] - y[j]);
        }
        return Math.sqrt(s);
    }

    /** ‖v‖, Euclidean. */
    public static double norm(double[] v) {
        double s = 0;
        for (double e : v) {
            s += e * e;
        }
        return Math.sqrt(s);
    }

    static double[] normals(Rng rng, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.normal();
        }
        return v;
    }
}
