package dev.scalelab.engine.linalg;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The minimum-norm least-squares solutions of a {@link LeastSquaresBatch}: {@code ranks[k]} is the numerical
 * rank of A_k (singular values above {@link LeastSquaresBatch#rankTolerance}), {@code solutions} the K vectors
 * x_k = A_k⁺ b_k one after another ([K, cols]); {@code svdFallbacks} counts the problems whose rank the pivoted
 * QR could not decide on its own and that were solved by the SVD instead.
 */
public record LeastSquaresSolutions(int[] ranks, double[] solutions, int svdFallbacks) {

    public LeastSquaresSolutions {
        if (ranks.length == 0 ? solutions.length != 0 : solutions.length % ranks.length != 0) {
            throw new IllegalArgumentException(solutions.length + " solution values for " + ranks.length
                    + " problems");
        }
    }

    public double[] solution(int k) {
        int cols = solutions.length / ranks.length;
        return Arrays.copyOfRange(solutions, k * cols, (k + 1) * cols);
    }

    /**
     * The batch's solutions from a pivoted QR's {@code ranks} and {@code solutions} (any device's), where
     * problems of rank {@link PivotedQrLeastSquares#AMBIGUOUS} are solved again by the SVD ({@link
     * SvdLeastSquares}), on all cores. The arrays are taken over.
     */
    public static LeastSquaresSolutions completedBySvd(LeastSquaresBatch batch, int[] ranks, double[] solutions) {
        int cols = batch.cols();
        int rows = batch.rows();
        int[] doubtful = IntStream.range(0, ranks.length).filter(k -> ranks[k] == PivotedQrLeastSquares.AMBIGUOUS)
                .toArray();
        IntStream.of(doubtful).parallel().forEach(k -> {
            SvdLeastSquares.Solution s = SvdLeastSquares.solve(batch.matrices(), k * rows * cols, rows, cols,
                    batch.rhs(), k * rows);
            ranks[k] = s.rank();
            System.arraycopy(s.x(), 0, solutions, k * cols, cols);
        });
        return new LeastSquaresSolutions(ranks, solutions, doubtful.length);
    }
}
