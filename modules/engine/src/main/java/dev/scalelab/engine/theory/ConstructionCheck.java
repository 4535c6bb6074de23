package dev.scalelab.engine.theory;

import dev.scalelab.core.theory.ConstructedNetwork;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.model.MlpBatch;
import dev.scalelab.engine.train.Evaluator;
import java.util.function.ToDoubleFunction;

/**
 * Runs a hand-built network ({@link ConstructedNetwork}) on a backend over a grid of points and measures its
 * largest error against the function it approximates, computed in double precision. The grids are even but not
 * dyadic (n − 1 not a power of 2), so that the points are not the constructions' interpolation nodes.
 */
public final class ConstructionCheck {
    /** The largest |network − target| over the points, and a point where it is reached. */
    public record Result(double maxError, double[] worstPoint, int points) {
    }

    private static final int CHUNK_ELEMENTS = 1 << 22;

    private ConstructionCheck() {
    }

    /** n even points of [0, 1]: i/(n − 1). */
    public static double[] grid(int n) {
        if (n < 2) {
            throw new IllegalArgumentException("the grid needs at least 2 points, got " + n);
        }
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = (double) i / (n - 1);
        }
        return x;
    }

    /** The network at every row of {@code points} ([rows, inputDim] row-major) against {@code target}. */
    public static Result run(ComputeBackend backend, ConstructedNetwork net, double[] points,
                             ToDoubleFunction<double[]> target) {
        int d = net.spec().inputDim();
        int rows = points.length / d;
        MlpBatch batch = MlpBatch.of(backend, net.spec(), 1, net.weights(), net.biases());
        Evaluator evaluator = new Evaluator(backend);
        int width = net.spec().hiddenWidths().stream().mapToInt(Integer::intValue).max().orElse(1);
        int chunk = Math.max(1, Math.min(rows, CHUNK_ELEMENTS / width)); // workspaces of at most rows × width
        double[] y = new double[rows];
        for (int from = 0; from < rows; from += chunk) {
            int n = Math.min(chunk, rows - from);
            double[] part = evaluator.outputs(batch, java.util.Arrays.copyOfRange(points, from * d, (from + n) * d), n);
            System.arraycopy(part, 0, y, from, n);
        }
        double worst = -1;
        double[] at = null;
        for (int r = 0; r < rows; r++) {
            double[] x = java.util.Arrays.copyOfRange(points, r * d, (r + 1) * d);
            double e = Math.abs(y[r] - target.applyAsDouble(x));
            if (e > worst) {
                worst = e;
                at = x;
            }
        }
        return new Result(worst, at, rows);
    }

    /** The product's grid: all pairs of n even points of [0, 1]. */
    public static double[] grid2(int n) {
        double[] g = grid(n);
        double[] p = new double[2 * n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                p[2 * (i * n + j)] = g[i];
                p[2 * (i * n + j) + 1] = g[j];
            }
        }
        return p;
    }
}
