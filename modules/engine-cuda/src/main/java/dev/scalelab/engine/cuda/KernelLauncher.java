package dev.scalelab.engine.cuda;

import dev.scalelab.engine.compute.Precision;

/**
 * Launches our kernels on a backend's stream: picks the precision's instantiation ({@code _f32} / {@code _f64}) of
 * a kernel the device loaded, sizes the grid, and passes the packed {@link KernelArgs}.
 */
final class KernelLauncher {
    /** Threads per block of every launch (the loss kernels require exactly this, see reductions.cu's SL_BLOCK). */
    static final int BLOCK = 256;

    private final CudaContext context;
    private final Precision precision;
    private final KernelArgs args;

    KernelLauncher(CudaContext context, Precision precision) {
        this.context = context;
        this.precision = precision;
        this.args = new KernelArgs(precision);
    }

    /** The (reused) argument packing for the next launch, emptied. */
    KernelArgs args() {
        return args.start();
    }

    /** A grid-stride kernel over {@code n} elements: enough blocks to cover them, at most 32 per SM; none for 0. */
    void elementwise(Kernel kernel, long n, KernelArgs packed) {
        if (n == 0) {
            return;
        }
        long blocks = Math.min((n + BLOCK - 1) / BLOCK, (long) context.device.multiprocessors * 32);
        launch(kernel, (int) Math.max(blocks, 1), BLOCK, packed);
    }

    void launch(Kernel kernel, int grid, int block, KernelArgs packed) {
        launch(kernel, grid, block, 0, packed);
    }

    /** A launch with {@code sharedBytes} of dynamic shared memory per block. */
    void launch(Kernel kernel, int grid, int block, int sharedBytes, KernelArgs packed) {
        kernel.check(packed.kinds());
        String symbol = kernel.symbol(precision);
        long f = context.device.function(symbol);
        CudaDriver.check(CudaDriver.cuLaunchKernel(f, grid, 1, 1, block, 1, 1, sharedBytes, context.stream,
                packed.kernelParams(), null), "cuLaunchKernel(" + symbol + ")");
    }
}
