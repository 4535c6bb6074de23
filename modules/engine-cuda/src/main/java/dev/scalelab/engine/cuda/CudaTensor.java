package dev.scalelab.engine.cuda;

import dev.scalelab.engine.compute.ShapedTensor;

/**
 * A [K, rows, cols] row-major array in GPU memory, owned (and freed) by its {@link CudaBackend}: {@code offset}
 * elements into one allocation, whose BF16 copy ({@link Bf16Copy}, used only in the BF16 mode) it shares.
 */
final class CudaTensor extends ShapedTensor {
    final long pointer;
    final Bf16Copy bf16;
    final long offset;

    /** A tensor that is a whole allocation of its own. */
    CudaTensor(long pointer, int models, int rows, int cols) {
        super(models, rows, cols);
        this.pointer = pointer;
        this.bf16 = new Bf16Copy((long) models * rows * cols);
        this.offset = 0;
    }

    /** A view {@code offset} elements into the allocation whose BF16 copy is {@code bf16}. */
    CudaTensor(long pointer, int models, int rows, int cols, Bf16Copy bf16, long offset) {
        super(models, rows, cols);
        this.pointer = pointer;
        this.bf16 = bf16;
        this.offset = offset;
    }
}
