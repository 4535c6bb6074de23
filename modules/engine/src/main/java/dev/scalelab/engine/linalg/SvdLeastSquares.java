package dev.scalelab.engine.linalg;

import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.RealVector;
import org.hipparchus.linear.SingularValueDecomposition;

/**
 * The definition the batched solvers are held to: x = A⁺b through a full SVD (Hipparchus), dropping singular
 * values at or below {@code max(rows, cols) · σ_max · ulp(1)} (the minimum-norm least-squares solution). Slow
 * (U and V in full, one problem at a time); {@link PivotedQrLeastSquares} falls back to it when its rank is in doubt.
 */
public final class SvdLeastSquares {
    /** rank(A) and x = A⁺b. */
    public record Solution(int rank, double[] x) {
    }

    private SvdLeastSquares() {
    }

    /** Solves one problem given as a row-major {@code rows × cols} matrix (read from {@code offset}) and b. */
    public static Solution solve(double[] matrix, int offset, int rows, int cols, double[] b, int bOffset) {
        double[][] a = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(matrix, offset + i * cols, a[i], 0, cols);
        }
        double[] y = java.util.Arrays.copyOfRange(b, bOffset, bOffset + rows);
        SingularValueDecomposition svd = new SingularValueDecomposition(new Array2DRowRealMatrix(a, false));
        double[] sigma = svd.getSingularValues();
        double tolerance = Math.max(rows, cols) * sigma[0] * Math.ulp(1.0);
        RealVector uty = svd.getUT().operate(new ArrayRealVector(y, false));
        double[] scaled = new double[sigma.length];
        for (int i = 0; i < sigma.length; i++) {
            scaled[i] = sigma[i] > tolerance ? uty.getEntry(i) / sigma[i] : 0;
        }
        int rank = 0;
        for (double s : sigma) {
            rank += s > tolerance ? 1 : 0;
        }
        return new Solution(rank, svd.getV().operate(new ArrayRealVector(scaled, false)).toArray());
    }
}
