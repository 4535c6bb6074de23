package dev.scalelab.engine.cuda;

import dev.scalelab.engine.compute.ShapedTensor;

/** A [K, rows, cols] row-major array in GPU memory, owned (and freed) by its {@link CudaBackend}. */
final class CudaTensor extends ShapedTensor {
    final long pointer;

    CudaTensor(long pointer, int models, int rows, int cols) {
        super(models, rows, cols);
        this.pointer = pointer;
    }
}
