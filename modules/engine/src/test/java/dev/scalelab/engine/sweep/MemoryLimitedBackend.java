package dev.scalelab.engine.sweep;

import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.compute.ForwardingBackend;
import dev.scalelab.engine.compute.OutOfDeviceMemoryException;
import dev.scalelab.engine.compute.Precision;
import dev.scalelab.engine.compute.Tensor;
import java.util.List;
import java.util.OptionalLong;

/**
 * A test double for a GPU with too little memory: the ND4J backend, except that allocating a tensor whose shape
 * {@code refuses} throws {@link OutOfDeviceMemoryException} as {@code CudaBackend} does on CUDA_ERROR_OUT_OF_MEMORY,
 * and {@link #freeMemoryBytes()} reports {@code free}.
 */
final class MemoryLimitedBackend extends ForwardingBackend {
    /** Decides which [models, rows, cols] allocations the fake device refuses. */
    @FunctionalInterface
    interface Refusal {
        boolean refuses(int models, int rows, int cols);

        /** Every tensor of more than {@code limit} models. */
        static Refusal moreModelsThan(int limit) {
            return (models, rows, cols) -> models > limit;
        }
    }

    static final long TOTAL = 1L << 30;

    private final Refusal refusal;
    private final OptionalLong free;

    MemoryLimitedBackend(ComputeBackend delegate, Refusal refusal, OptionalLong free) {
        super(delegate);
        this.refusal = refusal;
        this.free = free;
    }

    /** A factory of such backends on FP64 ND4J (whatever precision the sweep asks for), reporting no free memory. */
    static BackendFactory factory(Refusal refusal) {
        return factory(refusal, OptionalLong.empty());
    }

    static BackendFactory factory(Refusal refusal, OptionalLong free) {
        return (name, precision) -> new MemoryLimitedBackend(
                new dev.scalelab.engine.nd4j.Nd4jBackend(Precision.FP64), refusal, free);
    }

    private void check(int models, int rows, int cols) {
        if (refusal.refuses(models, rows, cols)) {
            long bytes = (long) models * rows * cols * 8;
            throw new OutOfDeviceMemoryException("fake", "a [" + models + ", " + rows + ", " + cols + "] tensor",
                    bytes, 0, TOTAL, "memory-limited test backend");
        }
    }

    @Override
    public Tensor allocate(int models, int rows, int cols) {
        check(models, rows, cols);
        return delegate.allocate(models, rows, cols);
    }

    @Override
    public Tensor allocateContiguous(List<int[]> shapes, List<Tensor> pieces) {
        for (int[] s : shapes) {
            check(s[0], s[1], s[2]);
        }
        return delegate.allocateContiguous(shapes, pieces);
    }

    @Override
    public OptionalLong freeMemoryBytes() {
        return free;
    }
}
