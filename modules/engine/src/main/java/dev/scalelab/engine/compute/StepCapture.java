package dev.scalelab.engine.compute;

import dev.scalelab.core.spec.LossKind;

/**
 * What a backend that can record its primitives and replay them offers the training loop (see
 * {@link ComputeBackend#stepCapture()} and docs/cuda.md, "CUDA graphs"). A recorded step freezes every
 * argument, so what changes from step to step must live in device memory: tensors (inputs, targets, learning
 * rates) are uploaded between replays, Adam's step number is a device clock advanced inside the step, and the
 * losses are written to device memory and read back after the step instead of in the middle of it.
 */
public interface StepCapture {

    /**
     * Records, without running them, the primitives {@code body} queues (GEMM and kernel primitives of the backend
     * and of this interface, except {@link #read}): no uploads, downloads or other waits for the host.
     */
    StepGraph capture(Runnable body);

    /** {@code n} zeros in device memory (doubles whatever the backend's precision). */
    DeviceScalars allocateScalars(int n);

    /** Waits for the queued work and returns the values. */
    double[] read(DeviceScalars scalars);

    /** Waits for the queued work and returns the first {@code count} values (one wait, one copy). */
    double[] read(DeviceScalars scalars, int count);

    /** Queues a copy of {@code values} into {@code into} from element {@code offset} on; does not wait. */
    void write(double[] values, DeviceScalars into, int offset);

    /**
     * {@link ComputeBackend#lossAndGradient} without waiting: the K losses are written to {@code losses} (length K)
     * in the same double precision, for a later {@link #read}.
     */
    void lossAndGradient(LossKind loss, Tensor output, Tensor target, Tensor gradOutput, DeviceScalars losses);

    /** A new Adam step clock at t = 0, for {@link #advanceAdamClock} and the clocked {@link #adamStep}. */
    DeviceScalars adamClock();

    /** Advances the clock from step t − 1 to t, computing the step's bias corrections on the device. */
    void advanceAdamClock(DeviceScalars clock, double beta1, double beta2);

    /**
     * {@link ComputeBackend#adamStep} at the clock's step t, read from device memory instead of taken as an
     * argument; the same arithmetic as this backend's own {@code adamStep} at step t.
     */
    void adamStep(Tensor param, Tensor grad, Tensor m, Tensor v, Tensor learningRates, double beta1, double beta2,
                  double epsilon, DeviceScalars clock);

    /**
     * Queues one step of the training loop's stopping rule on the device ({@code state} laid out as {@code layout}
     * says): advances the step clock t, records the K {@code losses} of step t in row t − base − 1, and stops every
     * running model whose loss is NaN or infinite (diverged), below its target when it has one (reached), or whose
     * budget is t or less (exhausted), checked in that order, as {@code engine.train.StoppingRule} does on the host;
     * a stopped model's status and step are kept. Does not wait.
     */
    void applyStoppingRule(DeviceScalars losses, DeviceScalars state, StopState layout);

    /**
     * Queues {@code rates[offset + i] = 0} for every i in [0, models · perModel) whose model i / perModel stopped at
     * the state's current step: the device's {@code ParameterUpdate.freeze} for the rates of {@code rates} laid out
     * model by model from {@code offset}, {@code perModel} rates each.
     */
    void freezeStopped(Tensor rates, long offset, long perModel, DeviceScalars state, StopState layout);
}
