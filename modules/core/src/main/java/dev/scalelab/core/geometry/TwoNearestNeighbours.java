package dev.scalelab.core.geometry;

import dev.scalelab.core.UserInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;

/**
 * Exact first and second nearest-neighbour distances of every point by brute force (O(n²·dim)), on several
 * threads. A point's distances do not depend on the thread count: each row is scanned by one thread against all
 * other rows in index order, with the squared distance summed in one fixed order.
 */
public final class TwoNearestNeighbours {
    /** Rows scanned together, so that each other row is read from memory once per block rather than once per row. */
    private static final int ROW_BLOCK = 32;
    /** Coordinates summed between checks of the partial distance against the current second-nearest. */
    private static final int CHUNK = 16;

    private TwoNearestNeighbours() {
    }

    /** The distances of {@code rows} points of dimension {@code cols}, row-major in {@code points}. */
    public static NeighbourDistances of(double[] points, int rows, int cols, int threads) {
        validate(points, rows, cols);
        UserInputException.require(threads >= 1, "threads must be at least 1, got " + threads);
        double[] first = new double[rows];
        double[] second = new double[rows];
        int blocks = (rows + ROW_BLOCK - 1) / ROW_BLOCK;
        if (threads == 1 || blocks == 1) {
            for (int b = 0; b < blocks; b++) {
                scanBlock(points, rows, cols, b * ROW_BLOCK, first, second);
            }
        } else {
            List<Callable<Void>> tasks = new ArrayList<>(blocks);
            for (int b = 0; b < blocks; b++) {
                int start = b * ROW_BLOCK;
                tasks.add(() -> {
                    scanBlock(points, rows, cols, start, first, second);
                    return null;
                });
            }
            runAll(tasks, threads);
        }
        return new NeighbourDistances(first, second);
    }

    /** The checks every caller of TwoNN needs: at least 3 points, a matching array, finite coordinates. */
    static void validate(double[] points, int rows, int cols) {
        UserInputException.require(points != null, "points must be given");
        UserInputException.require(rows >= 3, "rows must be at least 3 (each point needs two neighbours), got " + rows);
        UserInputException.require(cols >= 1, "cols must be at least 1, got " + cols);
        UserInputException.require((long) rows * cols == points.length, "points has " + points.length
                + " values but rows·cols = " + rows + "·" + cols + " = " + (long) rows * cols);
        for (int k = 0; k < points.length; k++) {
            if (!Double.isFinite(points[k])) {
                throw new UserInputException("points has " + points[k] + " at row " + k / cols + ", column "
                        + k % cols);
            }
        }
    }

    private static void runAll(List<Callable<Void>> tasks, int threads) {
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            for (Future<Void> f : pool.invokeAll(tasks)) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while finding nearest neighbours", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("nearest-neighbour scan failed", e.getCause());
        } finally {
            pool.shutdown();
        }
    }

    /** Rows start..start+ROW_BLOCK-1 against every row; writes only their own slots of first and second. */
    private static void scanBlock(double[] p, int rows, int cols, int start, double[] first, double[] second) {
        int end = Math.min(rows, start + ROW_BLOCK);
        int count = end - start;
        double[] best1 = new double[count];
        double[] best2 = new double[count];
        Arrays.fill(best1, Double.POSITIVE_INFINITY);
        Arrays.fill(best2, Double.POSITIVE_INFINITY);
        for (int j = 0; j < rows; j++) {
            int oj = j * cols;
            for (int r = 0; r < count; r++) {
                int i = start + r;
                if (i == j) {
                    continue;
                }
                double s = squaredDistanceBelow(p, i * cols, oj, cols, best2[r]);
                if (s < best2[r]) {
                    if (s < best1[r]) {
                        best2[r] = best1[r];
                        best1[r] = s;
                    } else {
                        best2[r] = s;
                    }
                }
            }
        }
        for (int r = 0; r < count; r++) {
            first[start + r] = Math.sqrt(best1[r]);
            second[start + r] = Math.sqrt(best2[r]);
        }
    }

    /**
     * The squared distance between the rows at offsets oi and oj, or some partial sum ≥ {@code bound} once it is
     * clear the distance cannot be below it (partial sums of squares only grow). Four accumulators in a fixed order
     * break the add-latency chain while keeping the sum the same on every call.
     */
    private static double squaredDistanceBelow(double[] p, int oi, int oj, int cols, double bound) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int k = 0;
        while (k + CHUNK <= cols) {
            for (int end = k + CHUNK; k < end; k += 4) {
                double d0 = p[oi + k] - p[oj + k];
                double d1 = p[oi + k + 1] - p[oj + k + 1];
                double d2 = p[oi + k + 2] - p[oj + k + 2];
                double d3 = p[oi + k + 3] - p[oj + k + 3];
                s0 += d0 * d0;
                s1 += d1 * d1;
                s2 += d2 * d2;
                s3 += d3 * d3;
            }
            if ((s0 + s1) + (s2 + s3) >= bound) {
                return (s0 + s1) + (s2 + s3);
            }
        }
        for (; k < cols; k++) {
            double d = p[oi + k] - p[oj + k];
            s0 += d * d;
        }
        return (s0 + s1) + (s2 + s3);
    }
}
