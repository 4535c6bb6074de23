package dev.scalelab.engine.sweep;

import dev.scalelab.engine.compute.Backends;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.compute.Precision;

/** Creates the backend a sweep job trains on, from the run's backend name; tests pass their own. */
@FunctionalInterface
public interface BackendFactory {
    /** {@link Backends#create}: the built-in CPU backend and the plugged-in ones (CUDA). */
    BackendFactory DEFAULT = Backends::create;

    ComputeBackend create(String name, Precision precision);
}
