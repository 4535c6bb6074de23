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
     * Called before ND4J's own CUDA backend (a {@code -Pcuda} build) is used for {@code --backend cpu}; a
     * provider that can query the GPU may refuse a device ND4J has no kernels for. Does nothing by default.
     */
    default void checkNd4jCuda() {
    }
}
