package dev.scalelab.engine.cuda;

import dev.scalelab.engine.compute.Precision;

/**
 * Launches our kernels on a backend's stream: picks the precision's instantiation ({@code _f32} / {@code _f64}) of
 * a kernel the device loaded, sizes the grid, checks the packed {@link KernelArgs} against the {@link Kernel}
 * table and passes them; in the BF16 mode it also fills in the BF16 copy of each tensor the kernel writes with
 * one ({@code bf16(i)}) and tells the copies which tensors changed.
 */
final class KernelLauncher {
    /** Threads per block of every launch (the loss kernels require exactly this, see reductions.cu's SL_BLOCK). */
    static final int BLOCK = 256;

    private final CudaContext context;
    private final Precision precision;
    private final KernelArgs args;
    /** The BF16 mode's copies (null in the other modes): filled in and kept current at each launch. */
    private final Bf16Operands bf16;

    KernelLauncher(CudaContext context, Precision precision) {
        this(context, precision, null);
    }

    /** A launcher that, in the BF16 mode, passes and records the BF16 copies of the tensors kernels write. */
    KernelLauncher(CudaContext context, Precision precision, Bf16Operands bf16) {
        this.context = context;
        this.precision = precision;
        this.args = new KernelArgs(precision);
        this.bf16 = bf16;
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
        kernel.check(packed);
        int n = kernel.params().size();
        for (int i = 0; i < n; i++) {
            int master = kernel.masterOf(i);
            if (master >= 0) {
                CudaTensor t = packed.tensor(master);
                packed.patch(i, bf16 == null || t == null ? 0 : bf16.target(t));
            }
        }
        String symbol = kernel.symbol(precision);
        long f = context.device.function(symbol);
        CudaDriver.check(CudaDriver.cuLaunchKernel(f, grid, 1, 1, block, 1, 1, sharedBytes, context.stream,
                packed.kernelParams(), null), "cuLaunchKernel(" + symbol + ")");
        if (bf16 != null) {
            for (int i = 0; i < n; i++) {
                CudaTensor t = packed.tensor(i);
                if (t != null && kernel.writes(i)) {
                    bf16.written(t, kernel.copyOf(i) >= 0);
                }
            }
        }
    }
}
