package dev.scalelab.engine.memorization;

import dev.scalelab.core.task.Dataset;
import dev.scalelab.core.util.Rng;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.RealVector;
import org.hipparchus.linear.SingularValueDecomposition;

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

    public static Result compute(Dataset data, int features, long seed) {
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
        double[][] phi = new double[n][features];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < features; j++) {
                double z = b[j];
                for (int i = 0; i < d; i++) {
                    z += w[j][i] * data.inputs()[r * d + i];
                }
                phi[r][j] = Math.max(z, 0);
            }
        }
        double[] yv = new double[n];
        for (int r = 0; r < n; r++) {
            yv[r] = data.targets()[r];
        }
        Array2DRowRealMatrix matrix = new Array2DRowRealMatrix(phi, false);
        SingularValueDecomposition svd = new SingularValueDecomposition(matrix);
        RealVector y = new ArrayRealVector(yv, false);
        RealVector a = pseudoInverseSolve(svd, y, n, features);
        RealVector residual = matrix.operate(a).subtract(y);
        return new Result(features, svd.getRank(), residual.getNorm() / y.getNorm(), a.getNorm());
    }

    /** a = V Σ⁺ Uᵀ y, dropping singular values below the rank tolerance (the minimum-norm solution). */
    private static RealVector pseudoInverseSolve(SingularValueDecomposition svd, RealVector y, int n, int m) {
        double[] sigma = svd.getSingularValues();
        double tolerance = Math.max(n, m) * sigma[0] * Math.ulp(1.0);
        RealVector uty = svd.getUT().operate(y);
        double[] scaled = new double[sigma.length];
        for (int i = 0; i < sigma.length; i++) {
            scaled[i] = sigma[i] > tolerance ? uty.getEntry(i) / sigma[i] : 0;
        }
        return svd.getV().operate(new ArrayRealVector(scaled, false));
    }
}
