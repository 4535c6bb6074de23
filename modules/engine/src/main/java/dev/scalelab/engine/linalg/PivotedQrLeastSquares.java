package dev.scalelab.engine.linalg;

/**
 * One minimum-norm least-squares problem by a complete orthogonal decomposition, as LAPACK's {@code dgelsy}
 * does it: Householder QR with column pivoting, A·P = Q·R (the pivot is the remaining column of largest norm,
 * norms recomputed at every step); rank k = the number of |r_jj| above the SVD's tolerance
 * {@code max(rows, cols) · σ_max · ulp(1)}, with σ_max from power iteration on R; then [R₁₁ R₁₂] = [T 0]·Z by
 * Householder reflections from the right (LAPACK's RZ), and x = P·Zᵀ·[T⁻¹(Qᵀb)₁..k; 0].
 *
 * <p>Why not the SVD: this costs about a tenth of a full SVD with U and V, and the same steps run as one CUDA
 * block per problem ({@code least_squares.cu} mirrors this class line for line). Why not the Gram matrix AᵀA and
 * Cholesky: it squares the condition number, so singular values below √ε·σ_max vanish and ranks flip. The
 * pivoted |r_jj| track the singular values closely but not exactly; when any |r_jj| lies within a factor
 * {@link #AMBIGUOUS_FACTOR} of the tolerance the rank is in doubt and {@link #solve} reports it, and callers
 * solve that problem by the SVD ({@link SvdLeastSquares}) so the rank is the SVD's by construction.
 *
 * <p>Not thread-safe: one instance (its workspace) per thread.
 */
public final class PivotedQrLeastSquares {
    /** |r_jj| within this factor of the rank tolerance (either side) leaves the rank to the SVD. */
    public static final double AMBIGUOUS_FACTOR = 8.0;
    /** Power-iteration steps for σ_max(R): plenty for the tolerance, which only matters to within the factor above. */
    public static final int POWER_STEPS = 24;

    /** Rank -1 marks a problem whose rank the QR cannot decide (see {@link #AMBIGUOUS_FACTOR}). */
    public static final int AMBIGUOUS = -1;

    private final int rows;
    private final int cols;
    private final double[] a;
    private final double[] b;
    private final double[] norms;
    private final int[] perm;
    private final double[] tauR;
    private final double[] u;
    private final double[] w;

    public PivotedQrLeastSquares(int rows, int cols) {
        this.rows = rows;
        this.cols = cols;
        a = new double[rows * cols];
        b = new double[rows];
        norms = new double[cols];
        perm = new int[cols];
        tauR = new double[Math.min(rows, cols)];
        u = new double[cols];
        w = new double[Math.max(rows, cols)];
    }

    /**
     * Solves problem {@code k} of the batch into {@code x} (length cols) and returns its rank, or
     * {@link #AMBIGUOUS} (x then unset) when the rank must come from the SVD.
     */
    public int solve(LeastSquaresBatch batch, int k, double[] x) {
        if (batch.rows() != rows || batch.cols() != cols) {
            throw new IllegalArgumentException("workspace for " + rows + "×" + cols + ", batch of " + batch.rows()
                    + "×" + batch.cols());
        }
        System.arraycopy(batch.matrices(), k * rows * cols, a, 0, rows * cols);
        System.arraycopy(batch.rhs(), k * rows, b, 0, rows);
        int p = Math.min(rows, cols);
        factorWithPivoting(p);
        double tolerance = batch.rankTolerance(sigmaMax(p));
        int rank = 0;
        for (int j = 0; j < p; j++) {
            double r = Math.abs(a[j * cols + j]);
            if (r > tolerance / AMBIGUOUS_FACTOR && r <= tolerance * AMBIGUOUS_FACTOR) {
                return AMBIGUOUS;
            }
            rank += r > tolerance ? 1 : 0;
        }
        solveTruncated(rank, x);
        return rank;
    }

    /** A·P = Q·R in place (R in the upper trapezoid of a), Qᵀ applied to b, P in perm. */
    private void factorWithPivoting(int p) {
        for (int j = 0; j < cols; j++) {
            perm[j] = j;
            double s = 0;
            for (int i = 0; i < rows; i++) {
                double v = a[i * cols + j];
                s += v * v;
            }
            norms[j] = s;
        }
        for (int k = 0; k < p; k++) {
            int pivot = k;
            for (int j = k + 1; j < cols; j++) {
                if (norms[j] > norms[pivot]) {
                    pivot = j;
                }
            }
            if (pivot != k) {
                for (int i = 0; i < rows; i++) {
                    double t = a[i * cols + k];
                    a[i * cols + k] = a[i * cols + pivot];
                    a[i * cols + pivot] = t;
                }
                int t = perm[k];
                perm[k] = perm[pivot];
                perm[pivot] = t;
                norms[pivot] = norms[k];
            }
            double alpha = a[k * cols + k];
            double below = 0;
            for (int i = k + 1; i < rows; i++) {
                double v = a[i * cols + k];
                below += v * v;
            }
            double tau = 0; // H = I when the column is already zero below the diagonal
            if (below != 0) {
                double beta = -Math.copySign(Math.sqrt(alpha * alpha + below), alpha);
                tau = (beta - alpha) / beta;
                double scale = 1 / (alpha - beta);
                a[k * cols + k] = beta;
                for (int i = k + 1; i < rows; i++) {
                    a[i * cols + k] *= scale;
                }
            }
            // w = vᵀ A[k.., k+1..] with v = (1, a[k+1.., k]); then A -= τ v wᵀ; the same for b.
            for (int j = k + 1; j < cols; j++) {
                w[j] = a[k * cols + j];
            }
            double wb = b[k];
            for (int i = k + 1; i < rows; i++) {
                double v = a[i * cols + k];
                int row = i * cols;
                for (int j = k + 1; j < cols; j++) {
                    w[j] += v * a[row + j];
                }
                wb += v * b[i];
            }
            for (int j = k + 1; j < cols; j++) {
                a[k * cols + j] -= tau * w[j];
            }
            b[k] -= tau * wb;
            for (int j = k + 1; j < cols; j++) {
                norms[j] = 0;
            }
            for (int i = k + 1; i < rows; i++) {
                double v = a[i * cols + k];
                int row = i * cols;
                for (int j = k + 1; j < cols; j++) {
                    double e = a[row + j] - tau * v * w[j];
                    a[row + j] = e;
                    norms[j] += e * e;
                }
                b[i] -= tau * v * wb;
            }
        }
    }

    /** σ_max(R) by power iteration on RᵀR from the all-ones vector, never below the largest |r_jj|. */
    private double sigmaMax(int p) {
        java.util.Arrays.fill(u, 1 / Math.sqrt(cols));
        double sigma = 0;
        for (int step = 0; step < POWER_STEPS; step++) {
            double rv2 = 0;
            for (int i = 0; i < p; i++) {
                double s = 0;
                for (int j = i; j < cols; j++) {
                    s += a[i * cols + j] * u[j];
                }
                w[i] = s;
                rv2 += s * s;
            }
            sigma = Math.sqrt(rv2);
            if (sigma == 0) {
                break;
            }
            java.util.Arrays.fill(u, 0);
            for (int i = 0; i < p; i++) {
                for (int j = i; j < cols; j++) {
                    u[j] += a[i * cols + j] * w[i];
                }
            }
            double n2 = 0;
            for (int j = 0; j < cols; j++) {
                n2 += u[j] * u[j];
            }
            double inv = 1 / Math.sqrt(n2);
            for (int j = 0; j < cols; j++) {
                u[j] *= inv;
            }
        }
        return Math.max(sigma, p > 0 ? Math.abs(a[0]) : 0);
    }

    /** RZ of [R₁₁ R₁₂] (rank rows), then x = P·Z·[T⁻¹ c; 0]. */
    private void solveTruncated(int rank, double[] x) {
        for (int i = rank - 1; i >= 0; i--) {
            int row = i * cols;
            double alpha = a[row + i];
            double tail = 0;
            for (int j = rank; j < cols; j++) {
                tail += a[row + j] * a[row + j];
            }
            if (tail == 0) {
                tauR[i] = 0;
                continue;
            }
            double beta = -Math.copySign(Math.sqrt(alpha * alpha + tail), alpha);
            double tau = (beta - alpha) / beta;
            double scale = 1 / (alpha - beta);
            a[row + i] = beta;
            for (int j = rank; j < cols; j++) {
                a[row + j] *= scale;
            }
            tauR[i] = tau;
            for (int r = 0; r < i; r++) {
                int other = r * cols;
                double dot = a[other + i];
                for (int j = rank; j < cols; j++) {
                    dot += a[other + j] * a[row + j];
                }
                a[other + i] -= tau * dot;
                for (int j = rank; j < cols; j++) {
                    a[other + j] -= tau * dot * a[row + j];
                }
            }
        }
        java.util.Arrays.fill(u, 0);
        for (int i = rank - 1; i >= 0; i--) {
            double s = b[i];
            for (int j = i + 1; j < rank; j++) {
                s -= a[i * cols + j] * u[j];
            }
            u[i] = s / a[i * cols + i];
        }
        for (int i = 0; i < rank; i++) {
            double tau = tauR[i];
            if (tau == 0) {
                continue;
            }
            int row = i * cols;
            double dot = u[i];
            for (int j = rank; j < cols; j++) {
                dot += a[row + j] * u[j];
            }
            u[i] -= tau * dot;
            for (int j = rank; j < cols; j++) {
                u[j] -= tau * dot * a[row + j];
            }
        }
        for (int j = 0; j < cols; j++) {
            x[perm[j]] = u[j];
        }
    }
}
