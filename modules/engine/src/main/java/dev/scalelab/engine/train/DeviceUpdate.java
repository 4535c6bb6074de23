package dev.scalelab.engine.train;

import dev.scalelab.engine.model.ParameterTensors;

/** The device work of one update step, recordable (see {@link CapturableUpdate#onDevice}). */
@FunctionalInterface
public interface DeviceUpdate {

    /** Queues the next step's update (the n-th call is step n) from the gradients; queues no host work. */
    void queueStep(ParameterTensors gradients);
}
