package dev.scalelab.engine.cuda;

import com.sun.jna.Memory;
import dev.scalelab.engine.compute.StopState;

/**
 * The device side of several training steps per launch (see {@code engine.train.LaunchedSteps}): the stopping
 * rule's kernels ({@code kernels/stopping.cu}) and the copies of a few doubles into its state (budgets, targets,
 * a launch's base step) queued on the backend's stream without waiting.
 */
final class StopRuleKernels {
    private final CudaContext context;
    private final KernelLauncher kernels;
    private final int elementBytes;
    private Memory staging = new Memory(8 * 64);

    StopRuleKernels(CudaContext context, KernelLauncher kernels, int elementBytes) {
        this.context = context;
        this.kernels = kernels;
        this.elementBytes = elementBytes;
    }

    /**
     * Queues a copy of {@code values} into the scalars from element {@code offset} on. From pageable memory the
     * call returns once the driver has staged the bytes (no wait for the stream), so the buffer is reusable.
     */
    void write(double[] values, CudaScalars into, int offset) {
        if (offset < 0 || offset + values.length > into.length()) {
            throw new IllegalArgumentException(values.length + " values at " + offset + " into " + into);
        }
        if (values.length == 0) {
            return;
        }
        if (staging.size() < 8L * values.length) {
            staging = new Memory(8L * values.length);
        }
        staging.write(0, values, 0, values.length);
        CudaDriver.check(CudaDriver.cuMemcpyHtoDAsync_v2(into.pointer() + 8L * offset, staging, 8L * values.length,
                context.stream), "cuMemcpyHtoDAsync_v2");
    }

    /** One step of the rule: the clock (one thread), then one thread per model. */
    void apply(CudaScalars losses, CudaScalars state, StopState layout) {
        int k = layout.models();
        if (losses.length() != k || state.length() != layout.length()) {
            throw new IllegalArgumentException("stopping rule of " + k + " models over " + losses + " and " + state);
        }
        kernels.launch(Kernel.STOP_CLOCK, 1, 1, kernels.args().raw(state.pointer()).i32(k));
        kernels.elementwise(Kernel.STOP_RULE, k, kernels.args().raw(losses.pointer()).raw(state.pointer()).i32(k)
                .i32(layout.capacity()));
    }

    /** Zeroes the rates, {@code perModel} per model from {@code offset}, of the models stopped at this step. */
    void freeze(CudaTensor rates, long offset, long perModel, CudaScalars state, StopState layout) {
        long n = layout.models() * perModel;
        if (offset < 0 || perModel < 1 || offset + n > rates.length() || state.length() != layout.length()) {
            throw new IllegalArgumentException("cannot freeze " + layout.models() + " x " + perModel + " rates at "
                    + offset + " of " + rates);
        }
        kernels.elementwise(Kernel.FREEZE_STOPPED, n, kernels.args().raw(rates.pointer + offset * elementBytes).i64(n)
                .i64(perModel).raw(state.pointer()).i32(layout.models()));
    }
}
