package dev.scalelab.engine.sweep;

import dev.scalelab.core.spec.Activation;
import dev.scalelab.core.spec.LossKind;
import dev.scalelab.engine.compute.ComputeBackend;
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
final class MemoryLimitedBackend implements ComputeBackend {
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

    private final ComputeBackend delegate;
    private final Refusal refusal;
    private final OptionalLong free;

    MemoryLimitedBackend(ComputeBackend delegate, Refusal refusal, OptionalLong free) {
        this.delegate = delegate;
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

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public String device() {
        return delegate.device();
    }

    @Override
    public Precision precision() {
        return delegate.precision();
    }

    @Override
    public void upload(double[] values, Tensor into) {
        delegate.upload(values, into);
    }

    @Override
    public void upload(float[] values, Tensor into) {
        delegate.upload(values, into);
    }

    @Override
    public double[] download(Tensor tensor) {
        return delegate.download(tensor);
    }

    @Override
    public void zero(Tensor tensor) {
        delegate.zero(tensor);
    }

    @Override
    public void batchedMatmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor c) {
        delegate.batchedMatmul(a, transposeA, b, transposeB, c);
    }

    @Override
    public void biasActivationForward(Tensor z, Tensor bias, Activation activation, Tensor a) {
        delegate.biasActivationForward(z, bias, activation, a);
    }

    @Override
    public void activationBackward(Tensor gradA, Tensor z, Tensor a, Activation activation, Tensor gradZ) {
        delegate.activationBackward(gradA, z, a, activation, gradZ);
    }

    @Override
    public void sumRows(Tensor gradZ, Tensor gradBias) {
        delegate.sumRows(gradZ, gradBias);
    }

    @Override
    public double[] lossAndGradient(LossKind loss, Tensor output, Tensor target, Tensor gradOutput) {
        return delegate.lossAndGradient(loss, output, target, gradOutput);
    }

    @Override
    public void adamStep(Tensor param, Tensor grad, Tensor m, Tensor v, Tensor learningRates, double beta1,
                         double beta2, double epsilon, long t) {
        delegate.adamStep(param, grad, m, v, learningRates, beta1, beta2, epsilon, t);
    }

    @Override
    public void sgdStep(Tensor param, Tensor grad, Tensor buf, Tensor learningRates, double momentum) {
        delegate.sgdStep(param, grad, buf, learningRates, momentum);
    }

    @Override
    public void applyMask(Tensor param, Tensor mask) {
        delegate.applyMask(param, mask);
    }

    @Override
    public void synchronize() {
        delegate.synchronize();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
