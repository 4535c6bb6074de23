package dev.scalelab.engine.linalg;

import java.util.stream.IntStream;

/**
 * A batch of least-squares problems on all CPU cores: {@link PivotedQrLeastSquares} on each problem (one
 * workspace per slice of the batch, slices spread over the common fork-join pool), then
 * {@link LeastSquaresSolutions#completedBySvd} for the problems whose rank the QR left in doubt.
 */
public final class CpuLeastSquares {
    private CpuLeastSquares() {
    }

    public static LeastSquaresSolutions solve(LeastSquaresBatch batch) {
        int count = batch.count();
        int cols = batch.cols();
        int[] ranks = new int[count];
        double[] solutions = new double[count * cols];
        // A few slices per core so uneven problems still balance; each slice reuses one workspace.
        int slices = Math.min(count, 4 * Runtime.getRuntime().availableProcessors());
        IntStream.range(0, slices).parallel().forEach(s -> {
            PivotedQrLeastSquares qr = new PivotedQrLeastSquares(batch.rows(), cols);
            double[] x = new double[cols];
            for (int k = s; k < count; k += slices) {
                ranks[k] = qr.solve(batch, k, x);
                System.arraycopy(x, 0, solutions, k * cols, cols);
            }
        });
        return LeastSquaresSolutions.completedBySvd(batch, ranks, solutions);
    }
}
