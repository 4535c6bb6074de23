package dev.scalelab.engine.cuda;

import dev.scalelab.core.run.BackendProvenance;
import dev.scalelab.core.spec.Activation;
import dev.scalelab.core.spec.LossKind;
import dev.scalelab.core.spec.MlpSpec;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.compute.DeviceScalars;
import dev.scalelab.engine.compute.FusedPass;
import dev.scalelab.engine.compute.Precision;
import dev.scalelab.engine.compute.StepCapture;
import dev.scalelab.engine.compute.StopState;
import dev.scalelab.engine.compute.Tensor;
import dev.scalelab.engine.linalg.LeastSquaresBatch;
import dev.scalelab.engine.linalg.LeastSquaresSolutions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The compute primitives on an NVIDIA GPU: our kernels ({@code kernels/*.cu}, compiled by NVRTC for the device)
 * for everything elementwise and every reduction, cuBLAS strided-batched GEMM over the K models for products.
 * All work is queued on this backend's stream; {@link #lossAndGradient} and {@link #download} wait for it.
 * Unless switched off ({@code $SCALELAB_CUDA_GRAPHS=0}), it offers the training loop {@link StepCapture}: a
 * step recorded once as a CUDA graph and replayed with one launch.
 *
 * <p>One backend is used from one thread at a time (the training loop's); the device's primary context is made
 * current whenever the calling thread changes. Tensors live until {@link #close()}.
 *
 * <p>This class is the facade: it hands each primitive to the part whose job it is ({@link CudaParts}).
 */
public final class CudaBackend implements ComputeBackend, StepCapture {
    private final Precision precision;
    private final GemmMode gemmMode;
    private final boolean graphs;
    private final boolean fused;
    private final CudaParts parts;
    private final CudaContext context;
    private CudaScalars lossBuffer;

    /** On the default GPU, graphs as {@code $SCALELAB_CUDA_GRAPHS} says; a one-line error without a usable GPU. */
    public CudaBackend(Precision precision, GemmMode gemmMode) {
        this(precision, gemmMode, GraphSetting.fromEnvironment());
    }

    /** Like {@link #CudaBackend(Precision, GemmMode)}; {@code graphs} says whether to offer {@link StepCapture}. */
    public CudaBackend(Precision precision, GemmMode gemmMode, boolean graphs) {
        this(precision, gemmMode, graphs, -1);
    }

    /** On GPU {@code ordinal} (-1: the default), the fused kernels as {@code $SCALELAB_CUDA_FUSED} says. */
    public CudaBackend(Precision precision, GemmMode gemmMode, boolean graphs, int ordinal) {
        this(precision, gemmMode, graphs, ordinal, FusedSetting.fromEnvironment());
    }

    /** Like {@link #CudaBackend(Precision, GemmMode, boolean, int)}; {@code fused} says whether to offer them. */
    CudaBackend(Precision precision, GemmMode gemmMode, boolean graphs, int ordinal, boolean fused) {
        this.parts = CudaParts.open(precision, gemmMode, ordinal);
        this.precision = precision;
        this.gemmMode = gemmMode;
        this.graphs = graphs;
        // TF32 and BF16 products stay with cuBLAS: the fused kernels multiply in FP32 (docs/cuda.md).
        this.fused = fused && gemmMode == GemmMode.FP32;
        this.context = parts.context();
    }

    /** The parts, this backend's context made current on the calling thread first. */
    private CudaParts current() {
        context.ensureCurrent();
        return parts;
    }

    @Override
    public String name() {
        return gemmMode.backendName;
    }

    /** The GPU in words; says so when CUDA graphs are off, so run provenance tells the two apart. */
    @Override
    public String device() {
        return context.device.describe() + (graphs ? "" : " [CUDA graphs off]");
    }

    /**
     * Driver, NVRTC and cuBLAS versions, whether CUDA graphs and the fused small-MLP kernels are on; no CPU threads
     * or OpenBLAS here.
     */
    @Override
    public BackendProvenance provenance() {
        String cublasVersion = parts.gemm().version();
        Map<String, String> libraries = new TreeMap<>(context.device.libraryVersions());
        libraries.put("cublas", cublasVersion);
        return new BackendProvenance(name(), device(), libraries, "cuBLAS " + cublasVersion, null,
                Map.of("cuda_graphs", graphs ? "on" : "off", "fused_mlp", fused ? "on" : "off"));
    }

    @Override
    public Precision precision() {
        return precision;
    }

    @Override
    public OptionalLong freeMemoryBytes() {
        return OptionalLong.of(context.device.freeMemory());
    }

    /** 2 in the BF16 mode (its BF16 copies of product operands), else 0. */
    @Override
    public int productCopyBytes() {
        return parts.bf16() == null ? 0 : 2;
    }

    /** The number of streaming multiprocessors (for sizing grids and estimating peaks). */
    public int multiprocessors() {
        return context.device.multiprocessors;
    }

    /** All K problems in one kernel launch on this GPU, in FP64 ({@link CudaLeastSquares}). */
    @Override
    public LeastSquaresSolutions leastSquares(LeastSquaresBatch batch) {
        return parts.leastSquares().solve(batch);
    }

    /** Like {@link #leastSquares(LeastSquaresBatch)} with {@code block} threads per problem (for tests). */
    LeastSquaresSolutions leastSquares(LeastSquaresBatch batch, int block) {
        return current().leastSquares().solve(batch, block);
    }

    @Override
    public Tensor allocate(int models, int rows, int cols) {
        return current().memory().tensor(models, rows, cols);
    }

    /** One allocation; the pieces are views into it by pointer offset, so an optimizer step over all is one launch. */
    @Override
    public Tensor allocateContiguous(List<int[]> shapes, List<Tensor> pieces) {
        return current().memory().contiguous(shapes, pieces);
    }

    @Override
    public void upload(double[] values, Tensor into) {
        current().upload(values, into);
    }

    @Override
    public void upload(float[] values, Tensor into) {
        current().upload(values, into);
    }

    /** The BF16 mode's product operands (null in the other modes), the context made current; for tests. */
    Bf16Operands bf16() {
        return current().bf16();
    }

    @Override
    public double[] download(Tensor tensor) {
        return current().memory().download(tensor);
    }

    @Override
    public void zero(Tensor tensor) {
        current().zero(tensor);
    }

    /** Drawn on the device by {@code sl_fill_uniform}: nothing is copied from the host. */
    @Override
    public void fillUniform(Tensor into, long streamSeed, long first) {
        current().primitives().fillUniform(into, streamSeed, first);
    }

    /** Device-to-device copies on the stream, one per listed model. */
    @Override
    public void copyToModels(Tensor from, Tensor to, int[] models) {
        current().copyToModels(from, to, models);
    }

    @Override
    public void batchedMatmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor c) {
        current().gemm().multiply(a, transposeA, b, transposeB, c);
    }

    @Override
    public double[] lossAndGradient(LossKind loss, Tensor output, Tensor target, Tensor gradOutput) {
        context.ensureCurrent();
        if (lossBuffer == null || lossBuffer.length() < output.models()) {
            lossBuffer = parts.memory().scalars(output.models());
        }
        CudaScalars losses = new CudaScalars(lossBuffer.pointer(), output.models());
        parts.primitives().lossAndGradient(loss, output, target, gradOutput, losses);
        return parts.memory().read(losses);
    }

    @Override
    public void biasActivationForward(Tensor z, Tensor bias, Activation activation, Tensor a) {
        current().primitives().biasActivationForward(z, bias, activation, a);
    }

    @Override
    public void activationBackward(Tensor gradA, Tensor z, Tensor a, Activation activation, Tensor gradZ) {
        current().primitives().activationBackward(gradA, z, a, activation, gradZ);
    }

    @Override
    public void sumRows(Tensor gradZ, Tensor gradBias) {
        current().primitives().sumRows(gradZ, gradBias);
    }

    @Override
    public void lossAndGradient(LossKind loss, Tensor output, Tensor target, Tensor gradOutput,
                                DeviceScalars losses) {
        current().primitives().lossAndGradient(loss, output, target, gradOutput, (CudaScalars) losses);
    }

    @Override
    public void advanceAdamClock(DeviceScalars clock, double beta1, double beta2) {
        current().primitives().advanceAdamClock(clock(clock), beta1, beta2);
    }

    @Override
    public void adamStep(Tensor param, Tensor grad, Tensor m, Tensor v, Tensor learningRates, double beta1,
                         double beta2, double epsilon, long t) {
        current().primitives().adam(param, grad, m, v, learningRates, beta1, beta2, epsilon,
                AdamCorrections.stepScale(beta1, t), AdamCorrections.invSqrtBiasCorrection2(beta2, t), 0);
    }

    @Override
    public void adamStep(Tensor param, Tensor grad, Tensor m, Tensor v, Tensor learningRates, double beta1,
                         double beta2, double epsilon, DeviceScalars clock) {
        current().primitives().adam(param, grad, m, v, learningRates, beta1, beta2, epsilon, 0, 0,
                clock(clock).pointer());
    }

    @Override
    public void sgdStep(Tensor param, Tensor grad, Tensor buf, Tensor learningRates, double momentum) {
        current().primitives().sgdStep(param, grad, buf, learningRates, momentum);
    }

    @Override
    public void applyMask(Tensor param, Tensor mask) {
        current().primitives().applyMask(param, mask);
    }

    @Override
    public DeviceScalars allocateScalars(int n) {
        return current().memory().scalars(n);
    }

    @Override
    public double[] read(DeviceScalars scalars) {
        return current().memory().read(scalars(scalars));
    }

    @Override
    public double[] read(DeviceScalars scalars, int count) {
        return current().memory().read(scalars(scalars), count);
    }

    @Override
    public void write(double[] values, DeviceScalars into, int offset) {
        current().stopRule().write(values, scalars(into), offset);
    }

    @Override
    public void applyStoppingRule(DeviceScalars losses, DeviceScalars state, StopState layout) {
        current().stopRule().apply(scalars(losses), scalars(state), layout);
    }

    @Override
    public void freezeStopped(Tensor rates, long offset, long perModel, DeviceScalars state, StopState layout) {
        current().stopRule().freeze((CudaTensor) rates, offset, perModel, scalars(state), layout);
    }

    /** The clock is {t, 1 / (1 − β₁ᵗ), 1 / √(1 − β₂ᵗ)}, written by {@code sl_adam_clock}. */
    @Override
    public DeviceScalars adamClock() {
        return allocateScalars(3);
    }

    private static CudaScalars scalars(DeviceScalars s) {
        return (CudaScalars) s;
    }

    private static CudaScalars clock(DeviceScalars s) {
        if (s.length() != 3) {
            throw new IllegalArgumentException("not an Adam clock: " + s);
        }
        return scalars(s);
    }

    /**
     * The fused small-MLP pass ({@link FusedMlp}) when it is on ({@code $SCALELAB_CUDA_FUSED}, FP32 products) and
     * the shape fits it: hidden widths up to 128 and at least one row of activations in a block's shared memory.
     */
    @Override
    public Optional<FusedPass> fusedPass(MlpSpec spec, LossKind loss, List<Tensor> weights, List<Tensor> biases,
                                         Tensor input, Tensor target, List<Tensor> gradWeights,
                                         List<Tensor> gradBiases) {
        if (!fused) {
            return Optional.empty();
        }
        return FusedMlp.bind(context, current().memory(), parts.kernels(), spec, loss, weights, biases, input, target,
                gradWeights, gradBiases);
    }

    @Override
    public void synchronize() {
        context.synchronize();
    }

    @Override
    public Optional<StepCapture> stepCapture() {
        return graphs ? Optional.of(this) : Optional.empty();
    }

    /**
     * Records the CUDA work {@code body} queues on this backend's stream into a graph, without running it; replay
     * with {@link CudaGraph#launch()}. The body may only call GEMM and kernel primitives (batchedMatmul,
     * biasActivationForward, activationBackward, sumRows, adamStep, sgdStep, applyMask, zero, and the
     * {@link StepCapture} primitives but {@link #read}): uploads, downloads, allocations and the eager
     * {@link #lossAndGradient} wait for the host and cannot be captured. Scalar arguments (e.g. an eager Adam
     * step's t) are frozen into the graph; tensors are read at every replay.
     */
    @Override
    public CudaGraph capture(Runnable body) {
        return current().recorder().capture(body);
    }

    /** How many graph replays this backend has queued (for tests: did the loop replay its steps?). */
    long graphLaunches() {
        return parts.recorder().launches();
    }

    @Override
    public void close() {
        if (context.closed()) {
            return;
        }
        context.drain();
        parts.gemm().close();
        parts.memory().freeAll();
        context.close();
    }

    @Override
    public String toString() {
        return "CudaBackend[" + name() + ", " + precision + "]";
    }
}
