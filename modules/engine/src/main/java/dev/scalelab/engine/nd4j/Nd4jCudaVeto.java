package dev.scalelab.engine.nd4j;

/**
 * A check run before ND4J's own CUDA backend (a {@code -Pcuda} build) is used for {@code --backend cpu}: a module
 * that can query the GPU may refuse a device ND4J has no kernels for, in one line. Found through
 * {@link java.util.ServiceLoader} ({@code META-INF/services/dev.scalelab.engine.nd4j.Nd4jCudaVeto}).
 */
public interface Nd4jCudaVeto {

    /** Throws a {@link dev.scalelab.core.UserInputException} naming the GPU when ND4J's CUDA build cannot run on it. */
    void check();
}
