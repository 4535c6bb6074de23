package dev.scalelab.engine.nd4j;

import dev.scalelab.engine.compute.ShapedTensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A c-ordered ND4J array of shape [K, rows, cols], with a cached 2-D view for the K = 1 fast path. */
final class Nd4jTensor extends ShapedTensor {
    final INDArray array;
    private INDArray matrix;
    private INDArray scratch;
    private INDArray rowsDropped;
    /** The buffer as host memory for the fused kernels, made at first use (see {@code Nd4jBackend.memory}). */
    dev.scalelab.engine.cpu.HostMemory memory;

    Nd4jTensor(INDArray array) {
        super((int) array.size(0), (int) array.size(1), (int) array.size(2));
        this.array = array;
    }

    /** The single model's [rows, cols] matrix (a view); only for K = 1. */
    INDArray matrix() {
        if (matrix == null) {
            matrix = array.reshape('c', rows(), cols());
        }
        return matrix;
    }

    /** For a [K, 1, cols] tensor, the same data as a [K, cols] view (target of reductions over rows). */
    INDArray rowsDropped() {
        if (rowsDropped == null) {
            rowsDropped = array.reshape('c', models(), cols());
        }
        return rowsDropped;
    }

    /** A same-shape work array owned by this tensor (for derivatives that need a temporary). */
    INDArray scratch() {
        if (scratch == null) {
            scratch = array.ulike();
        }
        return scratch;
    }
}
