package dev.scalelab.engine.train;

import dev.scalelab.engine.compute.DeviceScalars;
import dev.scalelab.engine.compute.StopState;
import dev.scalelab.engine.model.ParameterTensors;

/** The device work of one update step, recordable (see {@link CapturableUpdate#onDevice}). */
@FunctionalInterface
public interface DeviceUpdate {

    /** Queues the next step's update (the n-th call is step n) from the gradients; queues no host work. */
    void queueStep(ParameterTensors gradients);

    /**
     * Whether {@link #queueFreeze} is implemented: then the loop may run several steps per launch, with the
     * stopping rule on the device (see {@link LaunchedSteps}); otherwise it checks for stops on the host after
     * every step.
     */
    default boolean freezesOnDevice() {
        return false;
    }

    /**
     * Queues, after the device stopping rule of a step, the device's {@link ParameterUpdate#freeze} of every model
     * that rule stopped at that step: from the next step on those models are not updated, exactly as after a
     * host {@code freeze}. The host still calls {@code freeze} for them after reading the launch.
     */
    default void queueFreeze(DeviceScalars state, StopState layout) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot freeze models on the device");
    }
}
