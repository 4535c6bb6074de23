package dev.scalelab.engine.compute;

/**
 * A compute backend that lives in another module (e.g. {@code scalelab-engine-cuda}) and is found on the class
 * path through {@link java.util.ServiceLoader}: list the implementation in
 * {@code META-INF/services/dev.scalelab.engine.compute.BackendProvider}.
 */
public interface BackendProvider {

    /** The name users give to {@code --backend}, lower case, e.g. {@code cuda}. */
    String name();

    /**
     * Creates the backend. Throws {@link dev.scalelab.core.UserInputException} with a one-line message naming
     * what is missing (driver, device, library) when it cannot run on this machine.
     */
    ComputeBackend create(Precision precision);

    /**
     * Creates the backend on device {@code device} (0-based, as the driver numbers the visible devices), for
     * {@code sweep run --devices}. Backends without devices refuse, in one line.
     */
    default ComputeBackend create(Precision precision, int device) {
        throw new dev.scalelab.core.UserInputException("--devices: backend " + name() + " has no devices to pin "
                + "workers to");
    }

    /** How many devices this backend can use here; a one-line error when it has none (no GPU, no driver). */
    default int deviceCount() {
        throw new dev.scalelab.core.UserInputException("--devices: backend " + name() + " has no devices to pin "
                + "workers to");
    }

    /**
     * Called before ND4J's own CUDA backend (a {@code -Pcuda} build) is used for {@code --backend cpu}; a
     * provider that can query the GPU may refuse a device ND4J has no kernels for. Does nothing by default.
     */
    default void checkNd4jCuda() {
    }
}
