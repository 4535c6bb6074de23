package dev.scalelab.engine.compute;

import dev.scalelab.core.spec.Activation;
import dev.scalelab.core.spec.LossKind;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A backend that hands every primitive to another one: test doubles extend it and override only what they change
 * (a fake device that runs out of memory, a backend without contiguous parameter buffers).
 */
public abstract class ForwardingBackend implements ComputeBackend {
    protected final ComputeBackend delegate;

    protected ForwardingBackend(ComputeBackend delegate) {
        this.delegate = delegate;
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
    public Tensor allocate(int models, int rows, int cols) {
        return delegate.allocate(models, rows, cols);
    }

    @Override
    public Tensor allocateContiguous(List<int[]> shapes, List<Tensor> pieces) {
        return delegate.allocateContiguous(shapes, pieces);
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
    public OptionalLong freeMemoryBytes() {
        return delegate.freeMemoryBytes();
    }

    @Override
    public int productCopyBytes() {
        return delegate.productCopyBytes();
    }

    @Override
    public Optional<StepCapture> stepCapture() {
        return delegate.stepCapture();
    }

    /** Forwarded like every primitive: a wrapped backend trains the same way (fused or not) as the bare one. */
    @Override
    public Optional<FusedPass> fusedPass(dev.scalelab.core.spec.MlpSpec spec, LossKind loss, List<Tensor> weights,
                                         List<Tensor> biases, Tensor input, Tensor target, List<Tensor> gradWeights,
                                         List<Tensor> gradBiases) {
        return delegate.fusedPass(spec, loss, weights, biases, input, target, gradWeights, gradBiases);
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
