package dev.scalelab.engine.compute;

import dev.scalelab.core.spec.Activation;
import dev.scalelab.core.spec.LossKind;
import dev.scalelab.engine.linalg.CpuLeastSquares;
import dev.scalelab.engine.linalg.LeastSquaresBatch;
import dev.scalelab.engine.linalg.LeastSquaresSolutions;

/**
 * The compute primitives the training loop is written over. Every tensor is {@code [K, rows, cols]} and every
 * primitive acts on all K models in one call. Implementations: ND4J on the CPU, our CUDA kernels on GPUs.
 */
public interface ComputeBackend extends AutoCloseable {

    /** Short id recorded in provenance, e.g. {@code nd4j-cpu}. */
    String name();

    /** The device in words, e.g. the CPU model or GPU name. */
    String device();

    Precision precision();

    /**
     * This backend's own facts for run provenance: name and device, and where they apply the versions of its
     * native libraries, its BLAS, native threads per op and the settings that change its results or speed.
     */
    default dev.scalelab.core.run.BackendProvenance provenance() {
        return dev.scalelab.core.run.BackendProvenance.basic(name(), device());
    }

    /**
     * Sets the native threads per op for jobs whose largest training step costs {@code stepFlops} (all K models
     * together), with {@code workers} jobs running at once; {@code requested} above 0 is the user's choice and
     * wins. Where the library's setting is process-wide, so is this. Returns the threads per op now in effect, or
     * 0 for a backend without such a setting (a GPU), which is the default.
     */
    default int tuneThreads(double stepFlops, int workers, int requested) {
        return 0;
    }

    /**
     * A new [models, rows, cols] tensor. Throws {@link OutOfDeviceMemoryException} when the device has no room
     * for it.
     */
    Tensor allocate(int models, int rows, int cols);

    /**
     * Allocates tensors of the given [K, rows, cols] shapes as consecutive pieces of one buffer (added to
     * {@code pieces} in order) and returns a [1, 1, total] tensor spanning them all, so that elementwise work on
     * all parameters (optimizer steps) is one call. Backends that cannot alias return null after allocating the
     * pieces separately; callers then work piece by piece.
     */
    default Tensor allocateContiguous(java.util.List<int[]> shapes, java.util.List<Tensor> pieces) {
        for (int[] s : shapes) {
            pieces.add(allocate(s[0], s[1], s[2]));
        }
        return null;
    }

    /** Copies host values (row-major over [K, rows, cols]) into the tensor. */
    void upload(double[] values, Tensor into);

    void upload(float[] values, Tensor into);

    double[] download(Tensor tensor);

    /** Sets every element to zero. */
    void zero(Tensor tensor);

    /**
     * Element e of the tensor (row-major over [K, rows, cols]) becomes
     * {@link dev.scalelab.core.task.ReluTeacher#uniform}(streamSeed, first + e): streamed samples, the same on every
     * backend. By default drawn on the host and uploaded; a device backend draws them where they are used.
     */
    default void fillUniform(Tensor into, long streamSeed, long first) {
        float[] values = new float[Math.toIntExact(into.length())];
        for (int e = 0; e < values.length; e++) {
            values[e] = dev.scalelab.core.task.ReluTeacher.uniform(streamSeed, first + e);
        }
        upload(values, into);
    }

    /**
     * Copies model 0 of {@code from} ([1, rows, cols]) into each listed model of {@code to} ([K, rows, cols]),
     * leaving the others as they are. By default through the host.
     */
    default void copyToModels(Tensor from, Tensor to, int[] models) {
        if (from.models() != 1 || from.rows() != to.rows() || from.cols() != to.cols()) {
            throw new IllegalArgumentException("copyToModels: [1, " + to.rows() + ", " + to.cols() + "] into ["
                    + to.models() + ", " + to.rows() + ", " + to.cols() + "] expected");
        }
        double[] source = download(from);
        double[] target = models.length == to.models() ? new double[Math.toIntExact(to.length())] : download(to);
        for (int m : models) {
            System.arraycopy(source, 0, target, m * source.length, source.length);
        }
        upload(target, to);
    }

    /** c[k] = op(a[k]) · op(b[k]) for every model k, where op transposes when asked. */
    void batchedMatmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor c);

    /** z[k] += bias[k] (bias is [K, 1, cols], broadcast over rows), then a = act(z). {@code a} may be z. */
    void biasActivationForward(Tensor z, Tensor bias, Activation activation, Tensor a);

    /** gradZ = gradA ⊙ act'(z), given the pre-activation z and the activation a = act(z). gradZ may be gradA. */
    void activationBackward(Tensor gradA, Tensor z, Tensor a, Activation activation, Tensor gradZ);

    /** gradBias[k, 0, j] = Σ_rows gradZ[k, row, j]. */
    void sumRows(Tensor gradZ, Tensor gradBias);

    /**
     * Loss of each model's outputs against targets ([K, batch, outputs]; one-hot for cross-entropy) and, when
     * {@code gradOutput} is not null, its gradient with respect to the outputs. Returns the K losses.
     */
    double[] lossAndGradient(LossKind loss, Tensor output, Tensor target, Tensor gradOutput);

    /**
     * torch.optim.Adam step t (1-based) on all K models; {@code learningRates} is [K, 1, 1] (one rate per model,
     * broadcast) or has the parameter's own shape (one rate per element); a rate of 0 freezes.
     */
    void adamStep(Tensor param, Tensor grad, Tensor m, Tensor v, Tensor learningRates, double beta1,
                  double beta2, double epsilon, long t);

    /** torch.optim.SGD step: buf = momentum·buf + grad; param -= lr·buf ({@code buf} unused if momentum 0). */
    void sgdStep(Tensor param, Tensor grad, Tensor buf, Tensor learningRates, double momentum);

    /** param ⊙= mask (masks are 0/1, same shape as param). */
    void applyMask(Tensor param, Tensor mask);

    /**
     * Bytes per element of the reduced-precision copies this backend keeps of the tensors it multiplies, beside
     * the tensors themselves (CUDA's BF16 mode: 2); 0, the default, when it multiplies the tensors as they are.
     * Sweeps count them in their memory budget.
     */
    default int productCopyBytes() {
        return 0;
    }

    /**
     * Device memory free now, in bytes, for planning how many models fit in one job; empty where memory is not
     * a separate, fixed-size device's (the CPU backend). An estimate: other processes may allocate meanwhile.
     */
    default java.util.OptionalLong freeMemoryBytes() {
        return java.util.OptionalLong.empty();
    }

    /**
     * This backend's ability to record a training step and replay it with one call, when it has one and it is
     * switched on; empty by default. The training loop then replays its steps instead of issuing every primitive
     * (see {@link StepCapture}); without it the loop runs every step eagerly.
     */
    default java.util.Optional<StepCapture> stepCapture() {
        return java.util.Optional.empty();
    }

    /**
     * Solves K least-squares problems of one shape for their minimum-norm solutions, in FP64 whatever
     * {@link #precision()} says, with the rank rule of an SVD (see {@link LeastSquaresSolutions}); host
     * arrays in and out. Where the models are: by default on all CPU cores; a GPU backend solves them on its device.
     */
    default LeastSquaresSolutions leastSquares(LeastSquaresBatch batch) {
        return CpuLeastSquares.solve(batch);
    }

    /**
     * This backend's fused forward, loss and backward pass (see {@link FusedPass}) for K MLPs of {@code spec}
     * trained on {@code loss}, bound to these tensors (per layer W [K, fan_in, fan_out] and b [K, 1, fan_out],
     * the batch's input and target, and per layer the gradients to write), when it has one for this shape and it
     * is switched on; empty by default. The training loop then uses it in place of the primitives.
     */
    default java.util.Optional<FusedPass> fusedPass(dev.scalelab.core.spec.MlpSpec spec, LossKind loss,
                                                    java.util.List<Tensor> weights, java.util.List<Tensor> biases,
                                                    Tensor input, Tensor target, java.util.List<Tensor> gradWeights,
                                                    java.util.List<Tensor> gradBiases) {
        return java.util.Optional.empty();
    }

    /** Waits until queued work is done (a no-op for synchronous backends). */
    default void synchronize() {
    }

    @Override
    void close();
}
