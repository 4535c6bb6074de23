package dev.scalelab.engine.cuda;

import dev.scalelab.engine.compute.Tensor;

/** A [K, rows, cols] row-major array in GPU memory, owned (and freed) by its {@link CudaBackend}. */
final class CudaTensor implements Tensor {
    final long pointer;
    private final int models;
    private final int rows;
    private final int cols;

    CudaTensor(long pointer, int models, int rows, int cols) {
        this.pointer = pointer;
        this.models = models;
        this.rows = rows;
        this.cols = cols;
    }

    @Override
    public int models() {
        return models;
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    @Override
    public String toString() {
        return "CudaTensor[" + models + ", " + rows + ", " + cols + "]";
    }
}
