package dev.scalelab.engine.compute;

/**
 * A few doubles in a backend's device memory, whatever its tensors' precision: the K losses of a captured step,
 * Adam's step clock. Owned by the {@link StepCapture} that allocated them.
 */
public interface DeviceScalars {
    int length();
}
