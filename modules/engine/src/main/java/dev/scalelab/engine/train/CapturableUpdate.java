package dev.scalelab.engine.train;

import dev.scalelab.engine.compute.StepCapture;

/**
 * A {@link ParameterUpdate} whose step is pure device work, so the loop may record it with the rest of a step
 * and replay it (see {@link StepCapture}). Updates that do host work in {@link #step} (edge-popup's) must not
 * implement this; the loop then runs every step eagerly.
 */
public interface CapturableUpdate extends ParameterUpdate {

    /**
     * This update's step as device work on {@code device}, reading everything that changes between steps (the
     * step number, the learning rates that {@link #freeze} sets) from device memory. Each call starts at step 1.
     */
    DeviceUpdate onDevice(StepCapture device);
}
