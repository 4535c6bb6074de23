package dev.scalelab.engine.cuda;

import com.sun.jna.Memory;
import dev.scalelab.engine.compute.Precision;
import dev.scalelab.engine.linalg.LeastSquaresBatch;
import dev.scalelab.engine.linalg.LeastSquaresSolutions;

/**
 * A batch of least-squares problems on the GPU in FP64, whatever the backend's precision: one launch of
 * {@code least_squares.cu} (one block per problem: pivoted QR, the SVD's rank rule, RZ, the solve; the steps of
 * {@code engine.linalg.PivotedQrLeastSquares}), one copy in, two out. Our own kernel rather than cuSOLVER: cuSOLVER
 * has no batched pivoted QR or complete orthogonal decomposition (its batched SVD, gesvdjBatched, stops at
 * 32×32; batched Cholesky on AᵀA squares the condition number and flips ranks), and no new library to bind and fake.
 * Problems whose rank the QR leaves in doubt come back as rank -1 and are solved by the SVD on the host
 * ({@link LeastSquaresSolutions#completedBySvd}). Device memory for the batch is freed before returning.
 */
final class CudaLeastSquares {
    static final String SOURCE = "least_squares.cu";
    /** Threads per block: a power of two from 32 to this (the kernel's SL_LS_MAX_BLOCK). */
    static final int MAX_BLOCK = 128;
    private static final int MAX_GRID = 65_535;

    private final CudaContext context;
    private final CudaMemory memory;
    private final KernelLauncher launcher;
    private Memory staging = new Memory(8);

    CudaLeastSquares(CudaContext context, CudaMemory memory) {
        this.context = context;
        this.memory = memory;
        this.launcher = new KernelLauncher(context, Precision.FP64);
    }

    /** Threads per block for problems of this shape: one per column (and b), a power of two in 32..128. */
    static int blockSize(int rows, int cols) {
        int want = Math.max(rows, cols + 1);
        int block = 32;
        while (block < want && block < MAX_BLOCK) {
            block *= 2;
        }
        return block;
    }

    LeastSquaresSolutions solve(LeastSquaresBatch batch) {
        return solve(batch, blockSize(batch.rows(), batch.cols()));
    }

    /** With {@code block} threads per block (a power of two, 1..{@link #MAX_BLOCK}); tests use small ones. */
    LeastSquaresSolutions solve(LeastSquaresBatch batch, int block) {
        if (block < 1 || block > MAX_BLOCK || Integer.bitCount(block) != 1) {
            throw new IllegalArgumentException("least-squares block of " + block + " threads");
        }
        int count = batch.count();
        int rows = batch.rows();
        int cols = batch.cols();
        if (count == 0) {
            return new LeastSquaresSolutions(new int[0], new double[0], 0);
        }
        context.ensureCurrent();
        long matrixValues = (long) count * rows * cols;
        long rhsValues = (long) count * rows;
        long solutionValues = (long) count * cols;
        long workValues = (long) count * (2L * cols + Math.max(rows, cols) + Math.min(rows, cols));
        long doubles = matrixValues + rhsValues + solutionValues + workValues;
        long bytes = 8 * doubles + 4L * count + 4L * count * cols;
        long base = memory.allocate(bytes, count + " least-squares problems of " + rows + "×" + cols);
        try {
            long a = base;
            long b = a + 8 * matrixValues;
            long x = b + 8 * rhsValues;
            long work = x + 8 * solutionValues;
            long ranks = work + 8 * workValues;
            long perms = ranks + 4L * count;
            Memory host = staging(8 * (matrixValues + rhsValues));
            host.write(0, batch.matrices(), 0, (int) matrixValues);
            host.write(8 * matrixValues, batch.rhs(), 0, (int) rhsValues);
            CudaDriver.check(CudaDriver.cuMemcpyHtoDAsync_v2(a, host, 8 * (matrixValues + rhsValues),
                    context.stream), "cuMemcpyHtoDAsync_v2");
            launcher.launch(Kernel.LEAST_SQUARES, Math.min(count, MAX_GRID), block, launcher.args().raw(a).raw(b)
                    .raw(x).raw(ranks).raw(perms).raw(work).i32(count).i32(rows).i32(cols));
            Memory out = staging(8 * solutionValues + 4L * count);
            CudaDriver.check(CudaDriver.cuMemcpyDtoHAsync_v2(out, x, 8 * solutionValues, context.stream),
                    "cuMemcpyDtoHAsync_v2");
            CudaDriver.check(CudaDriver.cuMemcpyDtoHAsync_v2(out.share(8 * solutionValues), ranks, 4L * count,
                    context.stream), "cuMemcpyDtoHAsync_v2");
            context.synchronize();
            double[] solutions = out.getDoubleArray(0, (int) solutionValues);
            int[] rankArray = out.getIntArray(8 * solutionValues, count);
            return LeastSquaresSolutions.completedBySvd(batch, rankArray, solutions);
        } finally {
            memory.release(base);
        }
    }

    private Memory staging(long bytes) {
        if (staging.size() < bytes) {
            staging = new Memory(Math.max(bytes, 2 * staging.size()));
        }
        return staging;
    }
}
