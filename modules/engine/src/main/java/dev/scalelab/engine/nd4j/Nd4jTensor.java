package dev.scalelab.engine.nd4j;

import dev.scalelab.engine.compute.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A c-ordered ND4J array of shape [K, rows, cols], with a cached 2-D view for the K = 1 fast path. */
final class Nd4jTensor implements Tensor {
    final INDArray array;
    private final int models;
    private final int rows;
    private final int cols;
    private INDArray matrix;
    private INDArray scratch;
    private INDArray rowsDropped;

    Nd4jTensor(INDArray array) {
        long[] shape = array.shape();
        this.array = array;
        this.models = (int) shape[0];
        this.rows = (int) shape[1];
        this.cols = (int) shape[2];
    }

    /** The single model's [rows, cols] matrix (a view); only for K = 1. */
    INDArray matrix() {
        if (matrix == null) {
            matrix = array.reshape('c', rows, cols);
        }
        return matrix;
    }

    /** For a [K, 1, cols] tensor, the same data as a [K, cols] view (target of reductions over rows). */
    INDArray rowsDropped() {
        if (rowsDropped == null) {
            rowsDropped = array.reshape('c', models, cols);
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
        return "Nd4jTensor[" + models + ", " + rows + ", " + cols + "]";
    }
}
