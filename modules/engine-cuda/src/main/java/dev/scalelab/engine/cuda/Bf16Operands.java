package dev.scalelab.engine.cuda;

/**
 * The BF16 mode's product operands: every tensor that is multiplied gets a BF16 copy of its allocation
 * ({@link Bf16Copy}) beside the FP32 values, and cuBLAS multiplies the copies (CUDA_R_16BF inputs, FP32
 * accumulation and output). The FP32 values stay the master: the optimizer updates them and its kernel writes the
 * rounded copy in the same pass, as do the activation kernels; only values written by something else (uploads,
 * products, loss gradients) are rounded by a pass of their own ({@code sl_round_bf16}) before they are multiplied.
 *
 * <p>Whether a copy is current is tracked on the host, per allocation. A recorded step (CUDA graph) replays the
 * rounding passes its recording needed: it starts from the state the eager first step left, and uploads, the only
 * writes between replays, round at once. A copy is made (allocated) at a tensor's first product, which is why the
 * training loop's first step runs eagerly.
 */
final class Bf16Operands {
    private final CudaMemory memory;
    private final KernelLauncher kernels;

    Bf16Operands(CudaMemory memory, KernelLauncher kernels) {
        this.memory = memory;
        this.kernels = kernels;
    }

    /** The device address of {@code t}'s BF16 copy for a product: made and rounded first where needed. */
    long operand(CudaTensor t) {
        Bf16Copy copy = t.bf16;
        if (!copy.exists()) {
            copy.pointer = memory.allocate(2 * copy.elements, "the BF16 copy of " + copy.elements + " elements");
            copy.stale = true;
        }
        if (copy.stale) {
            round(t.pointer - 4 * t.offset, copy.pointer, copy.elements);
            copy.stale = false;
        }
        return copy.at(t.offset);
    }

    /** Rounds {@code n} FP32 values at {@code from} into BF16 bits at {@code to} (one kernel on the stream). */
    private void round(long from, long to, long n) {
        kernels.elementwise(Kernel.ROUND_BF16, n, kernels.args().raw(from).raw(to).i64(n));
    }

    /** The copy of {@code t} as it is on the device, as bits (no rounding first); for tests. */
    short[] read(CudaTensor t) {
        if (!t.bf16.exists()) {
            throw new IllegalStateException(t + " has no BF16 copy");
        }
        return memory.readBits(t.bf16.at(t.offset), (int) t.length());
    }

    /** Where a kernel that writes {@code t} writes its copy too (0: no copy to keep). */
    long target(CudaTensor t) {
        return t.bf16.at(t.offset);
    }

    /**
     * After {@code t}'s FP32 values were written: {@code copyWritten} when the writer rounded what it wrote into the
     * copy ({@link #target}) as well, which keeps a current copy current. It never makes a stale copy current: the
     * optimizer kernels skip frozen elements (rate 0) and their copies, so only a rounding pass does that.
     */
    void written(CudaTensor t, boolean copyWritten) {
        if (t.bf16.exists() && !copyWritten) {
            t.bf16.stale = true;
        }
    }

    /** After an upload into {@code t}: its part of the copy is rounded now, outside any recording. */
    void uploaded(CudaTensor t) {
        if (t.bf16.exists() && t.length() > 0) {
            round(t.pointer, t.bf16.at(t.offset), t.length());
            written(t, true);
        }
    }
}
