package dev.scalelab.engine.memorization;

import dev.scalelab.core.task.Dataset;
import dev.scalelab.core.util.Rng;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.linalg.LeastSquaresBatch;
import dev.scalelab.engine.linalg.LeastSquaresSolutions;
import dev.scalelab.engine.linalg.SvdLeastSquares;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The constructive proof of Theorem 2.1: fix random hidden weights (w_j, b_j) ~ N(0, I), form the ReLU feature
 * matrix Φ ∈ R^{N×m}, and take the output weights a = Φ⁺y (minimum-norm pseudoinverse). When rank(Φ) = N the
 * residual is zero up to rounding; when m < N it is the least-squares residual.
 */
public final class RandomFeatureCertificate {

    /** rank(Φ), the relative residual ‖Φa − y‖ / ‖y‖ and ‖a‖ for m random ReLU features. */
    public record Result(int features, int rank, double relativeResidual, double outputWeightNorm) {
    }

    private RandomFeatureCertificate() {
    }

    /** One certificate by a full SVD of Φ, one problem at a time: the definition the batched path is held to. */
    public static Result compute(Dataset data, int features, long seed) {
        double[] phi = features(data, features, seed);
        double[] y = targets(data);
        SvdLeastSquares.Solution s = SvdLeastSquares.solve(phi, 0, data.size(), features, y, 0);
        return result(phi, 0, y, 0, data.size(), features, s.rank(), s.x());
    }

    /**
     * The certificates of K datasets of the same size with m = {@code features}, dataset k with the features of
     * {@code seeds[k]}, solved as one batch wherever {@code backend} solves least-squares problems (all CPU cores,
     * or its device). Equal to {@link #compute} on each: the same rank, the same residual up to rounding.
     */
    public static List<Result> computeAll(ComputeBackend backend, List<Dataset> data, int features, long[] seeds) {
        int count = data.size();
        if (seeds.length != count) {
            throw new IllegalArgumentException(seeds.length + " seeds for " + count + " datasets");
        }
        if (count == 0) {
            return List.of();
        }
        int n = data.get(0).size();
        double[] phi = new double[count * n * features];
        double[] y = new double[count * n];
        IntStream.range(0, count).parallel().forEach(k -> {
            if (data.get(k).size() != n) {
                throw new IllegalArgumentException("datasets of " + n + " and " + data.get(k).size() + " points");
            }
            System.arraycopy(features(data.get(k), features, seeds[k]), 0, phi, k * n * features, n * features);
            System.arraycopy(targets(data.get(k)), 0, y, k * n, n);
        });
        LeastSquaresSolutions solved = backend.leastSquares(new LeastSquaresBatch(count, n, features, phi, y));
        List<Result> results = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            results.add(result(phi, k * n * features, y, k * n, n, features, solved.ranks()[k], solved.solution(k)));
        }
        return results;
    }

    /** Φ row-major (N × m): Φ_rj = max(0, w_j·x_r + b_j), with (w_j, b_j) drawn from the seed's own stream. */
    public static double[] features(Dataset data, int features, long seed) {
        int n = data.size();
        int d = data.inputDim();
        Rng rng = Rng.forPurpose(seed, "random-features");
        double[][] w = new double[features][d];
        double[] b = new double[features];
        for (int j = 0; j < features; j++) {
            for (int i = 0; i < d; i++) {
                w[j][i] = rng.normal();
            }
            b[j] = rng.normal();
        }
        double[] phi = new double[n * features];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < features; j++) {
                double z = b[j];
                for (int i = 0; i < d; i++) {
                    z += w[j][i] * data.inputs()[r * d + i];
                }
                phi[r * features + j] = Math.max(z, 0);
            }
        }
        return phi;
    }

    private static double[] targets(Dataset data) {
        double[] y = new double[data.size()];
        for (int r = 0; r < y.length; r++) {
            y[r] = data.targets()[r];
        }
        return y;
    }

    /** The certificate of solution a: ‖Φa − y‖ / ‖y‖ and ‖a‖, computed from Φ itself. */
    private static Result result(double[] phi, int phiOffset, double[] y, int yOffset, int n, int m, int rank,
                                 double[] a) {
        double residual2 = 0;
        double y2 = 0;
        for (int r = 0; r < n; r++) {
            double s = 0;
            for (int j = 0; j < m; j++) {
                s += phi[phiOffset + r * m + j] * a[j];
            }
            double e = s - y[yOffset + r];
            residual2 += e * e;
            y2 += y[yOffset + r] * y[yOffset + r];
        }
        double a2 = 0;
        for (double v : a) {
            a2 += v * v;
        }
        return new Result(m, rank, Math.sqrt(residual2) / Math.sqrt(y2), Math.sqrt(a2));
    }
}
