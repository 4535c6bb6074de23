package dev.scalelab.engine.sweep;

import dev.scalelab.engine.compute.Backends;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.compute.Precision;

/** Creates the backend a sweep job trains on, from the run's backend name; tests pass their own. */
@FunctionalInterface
public interface BackendFactory {
    /** {@link Backends}: the built-in CPU backend and the plugged-in ones (CUDA), on any of their devices. */
    BackendFactory DEFAULT = new BackendFactory() {
        @Override
        public ComputeBackend create(String name, Precision precision) {
            return Backends.create(name, precision);
        }

        @Override
        public ComputeBackend create(String name, Precision precision, int device) {
            return Backends.create(name, precision, device);
        }

        @Override
        public int deviceCount(String name) {
            return Backends.deviceCount(name);
        }
    };

    ComputeBackend create(String name, Precision precision);

    /** The backend on device {@code device}, for {@code sweep run --devices}; none by default. */
    default ComputeBackend create(String name, Precision precision, int device) {
        throw new dev.scalelab.core.UserInputException("--devices: backend " + name + " has no devices to pin "
                + "workers to");
    }

    /** How many devices backend {@code name} has (a one-line error when none). */
    default int deviceCount(String name) {
        throw new dev.scalelab.core.UserInputException("--devices: backend " + name + " has no devices to pin "
                + "workers to");
    }

    /** This factory with every backend on device {@code device}. */
    default BackendFactory onDevice(int device) {
        BackendFactory all = this;
        return (name, precision) -> all.create(name, precision, device);
    }
}
