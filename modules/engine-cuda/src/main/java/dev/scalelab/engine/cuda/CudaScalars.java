package dev.scalelab.engine.cuda;

import dev.scalelab.engine.compute.DeviceScalars;

/** {@code length} doubles in GPU memory, owned (and freed) by their {@link CudaBackend}. */
record CudaScalars(long pointer, int length) implements DeviceScalars {
}
