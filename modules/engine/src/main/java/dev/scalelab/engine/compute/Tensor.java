package dev.scalelab.engine.compute;

/**
 * A dense array owned by a {@link ComputeBackend} (host memory for ND4J, device memory for CUDA). Shapes are
 * rank 3, {@code [K, rows, cols]}: the leading axis indexes the K models trained together.
 */
public interface Tensor {
    int models();

    int rows();

    int cols();

    default long length() {
        return (long) models() * rows() * cols();
    }
}
