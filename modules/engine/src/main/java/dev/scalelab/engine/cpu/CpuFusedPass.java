package dev.scalelab.engine.cpu;

import dev.scalelab.core.spec.LossKind;
import dev.scalelab.core.spec.MlpSpec;
import dev.scalelab.engine.compute.DeviceScalars;
import dev.scalelab.engine.compute.FusedPass;
import dev.scalelab.engine.compute.Precision;

/**
 * The fused forward, loss and backward pass of K small MLPs on the CPU, with the contract of the CUDA backend's
 * {@code FusedMlp}: the K losses, and every weight and bias gradient written (not added). Model k is one item of
 * {@link CpuPool}: one thread copies its parameters and batch into arrays that stay in its cache, runs the whole
 * pass there ({@link MlpStepF32}, {@link MlpStepF64}) and writes the gradients back. Every model's result is
 * computed the same way whatever K, the thread count or the run: K batched equals one by one, bit for bit.
 */
public final class CpuFusedPass implements FusedPass {
    private final FusedShape shape;
    private final ThreadLocal<ModelStep> steps;

    private CpuFusedPass(FusedShape shape, ThreadLocal<ModelStep> steps) {
        this.shape = shape;
        this.steps = steps;
    }

    /**
     * A pass for K = {@code models} networks of {@code spec} on batches of {@code rows} rows, reading and writing
     * {@code tensors}; FP32 with the Vector API when {@code vector} (else scalar, same results), or FP64 (scalar).
     */
    public static CpuFusedPass bind(MlpSpec spec, LossKind loss, int models, int rows, Precision precision,
                                    FusedTensors tensors, boolean vector) {
        return bind(spec, loss, models, rows, precision, tensors, vector, FusedRule.narrow(spec, rows));
    }

    /**
     * The same with the layout chosen by the caller: {@code narrow} runs FP32 feature-major, vectorised over the
     * batch rows ({@link NarrowStepF32}); else row-major, vectorised over the output columns ({@link MlpStepF32}).
     * FP64 is always row-major ({@link MlpStepF64}).
     */
    static CpuFusedPass bind(MlpSpec spec, LossKind loss, int models, int rows, Precision precision,
                             FusedTensors tensors, boolean vector, boolean narrow) {
        FusedShape shape = new FusedShape(spec, loss, models, rows);
        if (tensors.weightList().size() != spec.layerCount() || tensors.gradWeightList().size() != spec.layerCount()) {
            throw new IllegalArgumentException("need one weight and gradient tensor per layer of " + spec);
        }
        boolean useVector = vector && VectorSupport.available();
        NarrowStepF32.InputCache cache = narrow && precision != Precision.FP64
                && (long) models * rows * spec.inputDim() <= NarrowStepF32.InputCache.MAX_FLOATS
                ? new NarrowStepF32.InputCache(models) : null;
        ThreadLocal<ModelStep> steps = ThreadLocal.withInitial(() -> precision == Precision.FP64
                ? new MlpStepF64(shape, tensors)
                : narrow ? new NarrowStepF32(shape, tensors, useVector, cache)
                : new MlpStepF32(shape, tensors, useVector));
        return new CpuFusedPass(shape, steps);
    }

    @Override
    public double[] run() {
        double[] losses = new double[shape.models()];
        CpuPool.forEach(losses.length, k -> losses[k] = steps.get().run(k));
        return losses;
    }

    /** The CPU backend records no steps (it has no {@code StepCapture}), so nothing queues a pass. */
    @Override
    public void queue(DeviceScalars losses) {
        throw new UnsupportedOperationException("the CPU's fused pass runs at once; it is never queued");
    }
}
