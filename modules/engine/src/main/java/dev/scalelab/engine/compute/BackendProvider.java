package dev.scalelab.engine.compute;

/**
 * A compute backend found on the class path through {@link java.util.ServiceLoader} (ND4J's in this module,
 * ScaleLab's CUDA ones in {@code scalelab-engine-cuda}): list the implementation in
 * {@code META-INF/services/dev.scalelab.engine.compute.BackendProvider}. Loading a provider must load none of its
 * backend's libraries; {@link #create} checks they are there.
 */
public interface BackendProvider {

    /** The name users give to {@code --backend}, lower case, e.g. {@code cuda}. */
    String name();

    /** Every name that selects this backend, {@link #name()} first (e.g. {@code cpu}, {@code nd4j}). */
    default java.util.List<String> names() {
        return java.util.List.of(name());
    }

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
}
