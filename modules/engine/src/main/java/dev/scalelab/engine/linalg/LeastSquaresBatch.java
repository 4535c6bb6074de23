package dev.scalelab.engine.linalg;

/**
 * K least-squares problems of one shape, min ‖A_k x − b_k‖ with A_k ∈ R^{rows×cols}, in FP64: {@code matrices}
 * holds the K matrices row-major one after another ([K, rows, cols]), {@code rhs} the K right-hand sides
 * ([K, rows]). The arrays are the caller's and are not copied; solvers do not modify them.
 */
public record LeastSquaresBatch(int count, int rows, int cols, double[] matrices, double[] rhs) {

    public LeastSquaresBatch {
        if (count < 0 || rows < 1 || cols < 1) {
            throw new IllegalArgumentException("least-squares batch of " + count + " problems " + rows + "×" + cols);
        }
        if (matrices.length != (long) count * rows * cols || rhs.length != (long) count * rows) {
            throw new IllegalArgumentException("least-squares batch arrays do not match " + count + " × " + rows
                    + "×" + cols + ": " + matrices.length + " matrix and " + rhs.length + " right-hand-side values");
        }
    }

    /** The SVD's rank tolerance for a matrix of this shape whose largest singular value is {@code sigmaMax}. */
    public double rankTolerance(double sigmaMax) {
        return Math.max(rows, cols) * sigmaMax * Math.ulp(1.0);
    }
}
