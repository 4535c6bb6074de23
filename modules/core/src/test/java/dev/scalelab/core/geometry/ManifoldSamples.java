package dev.scalelab.core.geometry;

import dev.scalelab.core.util.Rng;

/** Points on manifolds of known dimension, row-major, for the TwoNN tests. */
final class ManifoldSamples {
    private ManifoldSamples() {
    }

    /**
     * n points uniform on the unit cube [0,1]^d, placed in {@code ambient} dimensions on a random d-dimensional
     * linear subspace (orthonormal basis by Gram–Schmidt on Gaussian vectors), so distances are those of the cube.
     */
    static double[] subspace(int n, int d, int ambient, Rng rng) {
        double[][] basis = new double[d][ambient];
        for (int a = 0; a < d; a++) {
            for (int k = 0; k < ambient; k++) {
                basis[a][k] = rng.normal();
            }
            for (int b = 0; b < a; b++) {
                double dot = 0;
                for (int k = 0; k < ambient; k++) {
                    dot += basis[a][k] * basis[b][k];
                }
                for (int k = 0; k < ambient; k++) {
                    basis[a][k] -= dot * basis[b][k];
                }
            }
            double norm = 0;
            for (int k = 0; k < ambient; k++) {
                norm += basis[a][k] * basis[a][k];
            }
            for (int k = 0; k < ambient; k++) {
                basis[a][k] /= Math.sqrt(norm);
            }
        }
        double[] points = new double[n * ambient];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < d; a++) {
                double u = rng.uniform();
                for (int k = 0; k < ambient; k++) {
                    points[i * ambient + k] += u * basis[a][k];
                }
            }
        }
        return points;
    }

    /** The swiss roll (x, y, z) = (t cos t, h, t sin t), t uniform in [1.5π, 4.5π], h uniform in [0, 21]. */
    static double[] swissRoll(int n, Rng rng) {
        double[] points = new double[n * 3];
        for (int i = 0; i < n; i++) {
            double t = 1.5 * Math.PI * (1 + 2 * rng.uniform());
            points[3 * i] = t * Math.cos(t);
            points[3 * i + 1] = 21 * rng.uniform();
            points[3 * i + 2] = t * Math.sin(t);
        }
        return points;
    }
}
