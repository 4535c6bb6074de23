package dev.scalelab.engine.cuda;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.scalelab.core.UserInputException;
import dev.scalelab.core.run.BackendProvenance;
import dev.scalelab.core.spec.Activation;
import dev.scalelab.core.spec.LossKind;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.compute.DeviceScalars;
import dev.scalelab.engine.compute.OutOfDeviceMemoryException;
import dev.scalelab.engine.compute.Precision;
import dev.scalelab.engine.compute.StepCapture;
import dev.scalelab.engine.compute.Tensor;
import java.util.ArrayList;
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
 */
public final class CudaBackend implements ComputeBackend, StepCapture {
    private static final int BLOCK = 256;
    /** cuBLAS workspace: given explicitly so GEMMs can be captured in a CUDA graph (32 MiB suits Hopper). */
    private static final long CUBLAS_WORKSPACE = 32L << 20;

    private final CudaDevice device;
    private final Precision precision;
    private final GemmMode gemmMode;
    private final int elementBytes;
    private final String suffix;
    private final long stream;
    private final long cublas;
    private final long workspace;
    private final boolean graphs;
    private final List<Long> allocations = new ArrayList<>();
    private final Memory alpha;
    private final Memory beta;
    private final Memory argValues = new Memory(8 * 16);
    private final Memory argPointers = new Memory(8 * 16);
    private Memory staging = new Memory(1 << 16);
    private CudaScalars lossBuffer;
    private long graphLaunches;
    private Thread owner;
    private boolean closed;

    /**
     * The backend on this machine's GPU, CUDA graphs as {@code $SCALELAB_CUDA_GRAPHS} says (on unless 0); a
     * one-line {@link UserInputException} when there is no usable GPU.
     */
    public CudaBackend(Precision precision, GemmMode gemmMode) {
        this(precision, gemmMode, GraphSetting.fromEnvironment());
    }

    /** Like {@link #CudaBackend(Precision, GemmMode)}; {@code graphs} says whether to offer {@link StepCapture}. */
    public CudaBackend(Precision precision, GemmMode gemmMode, boolean graphs) {
        this(precision, gemmMode, graphs, -1);
    }

    /** Like {@link #CudaBackend(Precision, GemmMode, boolean)} on GPU {@code ordinal} (-1: the default GPU). */
    public CudaBackend(Precision precision, GemmMode gemmMode, boolean graphs, int ordinal) {
        if (precision == Precision.FP64 && gemmMode != GemmMode.FP32) {
            throw new UserInputException("--backend " + gemmMode.backendName + ": " + gemmMode
                    + " products are for FP32 tensors only");
        }
        this.device = ordinal < 0 ? CudaDevice.get() : CudaDevice.get(ordinal);
        if (gemmMode != GemmMode.FP32 && device.computeCapability < 80) {
            throw CudaLibraries.missing(gemmMode + " products need compute capability 8.0 or newer; "
                    + device.name + " has " + device.computeCapability / 10 + "." + device.computeCapability % 10);
        }
        this.precision = precision;
        this.gemmMode = gemmMode;
        this.graphs = graphs;
        this.elementBytes = precision == Precision.FP64 ? 8 : 4;
        this.suffix = precision == Precision.FP64 ? "_f64" : "_f32";
        ensureCurrent();
        long[] out = new long[1];
        CudaDriver.check(CudaDriver.cuStreamCreate(out, 0), "cuStreamCreate");
        stream = out[0];
        Cublas.check(Cublas.cublasCreate_v2(out), "cublasCreate_v2");
        cublas = out[0];
        Cublas.check(Cublas.cublasSetStream_v2(cublas, stream), "cublasSetStream_v2");
        try {
            workspace = rawAlloc(CUBLAS_WORKSPACE, "the cuBLAS workspace");
        } catch (RuntimeException e) {
            Cublas.cublasDestroy_v2(cublas);
            CudaDriver.cuStreamDestroy_v2(stream);
            throw e;
        }
        Cublas.check(Cublas.cublasSetWorkspace_v2(cublas, workspace, CUBLAS_WORKSPACE), "cublasSetWorkspace_v2");
        Cublas.check(Cublas.cublasSetMathMode(cublas, gemmMode.mathMode), "cublasSetMathMode");
        alpha = new Memory(8);
        beta = new Memory(8);
        if (precision == Precision.FP64) {
            alpha.setDouble(0, 1.0);
            beta.setDouble(0, 0.0);
        } else {
            alpha.setFloat(0, 1.0f);
            beta.setFloat(0, 0.0f);
        }
    }

    @Override
    public String name() {
        return gemmMode.backendName;
    }

    /** The GPU in words; says so when CUDA graphs are off, so run provenance tells the two apart. */
    @Override
    public String device() {
        return device.describe() + (graphs ? "" : " [CUDA graphs off]");
    }

    /** Driver, NVRTC and cuBLAS versions, and whether CUDA graphs are on; no CPU threads or OpenBLAS here. */
    @Override
    public BackendProvenance provenance() {
        int[] v = new int[1];
        Cublas.check(Cublas.cublasGetVersion_v2(cublas, v), "cublasGetVersion_v2");
        String cublasVersion = v[0] / 10000 + "." + v[0] % 10000 / 100 + "." + v[0] % 100;
        Map<String, String> libraries = new TreeMap<>(device.libraryVersions());
        libraries.put("cublas", cublasVersion);
        return new BackendProvenance(name(), device(), libraries, "cuBLAS " + cublasVersion, null,
                Map.of("cuda_graphs", graphs ? "on" : "off"));
    }

    @Override
    public Precision precision() {
        return precision;
    }

    public GemmMode gemmMode() {
        return gemmMode;
    }

    /** Free GPU memory now, in bytes. */
    public long freeMemory() {
        return device.freeMemory();
    }

    @Override
    public OptionalLong freeMemoryBytes() {
        return OptionalLong.of(device.freeMemory());
    }

    /** The number of streaming multiprocessors (for sizing grids and estimating peaks). */
    public int multiprocessors() {
        return device.multiprocessors;
    }

    private void ensureCurrent() {
        Thread t = Thread.currentThread();
        if (t != owner) {
            device.makeCurrent();
            owner = t;
        }
        if (closed) {
            throw new IllegalStateException("CUDA backend is closed");
        }
    }

    private long rawAlloc(long bytes, String what) {
        long[] ptr = new long[1];
        int r = CudaDriver.cuMemAlloc_v2(ptr, Math.max(bytes, 1));
        if (r == CudaDriver.CUDA_ERROR_OUT_OF_MEMORY) {
            throw new OutOfDeviceMemoryException(gemmMode.backendName, what, bytes, device.freeMemory(),
                    device.totalMemory, device.name);
        }
        CudaDriver.check(r, "cuMemAlloc_v2(" + bytes + ")");
        allocations.add(ptr[0]);
        return ptr[0];
    }

    @Override
    public Tensor allocate(int models, int rows, int cols) {
        ensureCurrent();
        long bytes = (long) models * rows * cols * elementBytes;
        CudaTensor t = new CudaTensor(rawAlloc(bytes, "a [" + models + ", " + rows + ", " + cols + "] tensor"),
                models, rows, cols);
        zero(t);
        return t;
    }

    private static CudaTensor cuda(Tensor t) {
        return (CudaTensor) t;
    }

    private long bytes(Tensor t) {
        return t.length() * elementBytes;
    }

    private Memory staging(long bytes) {
        if (staging.size() < bytes) {
            staging = new Memory(Math.max(bytes, staging.size() * 2));
        }
        return staging;
    }

    @Override
    public void upload(double[] values, Tensor into) {
        checkLength(values.length, into);
        ensureCurrent();
        Memory host = staging(bytes(into));
        if (precision == Precision.FP64) {
            host.write(0, values, 0, values.length);
        } else {
            float[] f = new float[values.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) values[i];
            }
            host.write(0, f, 0, f.length);
        }
        copyToDevice(host, into);
    }

    @Override
    public void upload(float[] values, Tensor into) {
        checkLength(values.length, into);
        ensureCurrent();
        Memory host = staging(bytes(into));
        if (precision == Precision.FP64) {
            double[] d = new double[values.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = values[i];
            }
            host.write(0, d, 0, d.length);
        } else {
            host.write(0, values, 0, values.length);
        }
        copyToDevice(host, into);
    }

    /** Pageable host memory: the call returns once the driver has staged the bytes, so {@code host} is reusable. */
    private void copyToDevice(Pointer host, Tensor into) {
        if (into.length() > 0) {
            CudaDriver.check(CudaDriver.cuMemcpyHtoDAsync_v2(cuda(into).pointer, host, bytes(into), stream),
                    "cuMemcpyHtoDAsync_v2");
        }
    }

    private static void checkLength(int length, Tensor t) {
        if (length != t.length()) {
            throw new IllegalArgumentException("upload of " + length + " values into " + t);
        }
    }

    @Override
    public double[] download(Tensor tensor) {
        ensureCurrent();
        int n = (int) tensor.length();
        double[] out = new double[n];
        if (n == 0) {
            return out;
        }
        Memory host = staging(bytes(tensor));
        // Into pageable memory the copy returns only when it is complete (and after earlier work on the stream).
        CudaDriver.check(CudaDriver.cuMemcpyDtoHAsync_v2(host, cuda(tensor).pointer, bytes(tensor), stream),
                "cuMemcpyDtoHAsync_v2");
        synchronize();
        if (precision == Precision.FP64) {
            host.read(0, out, 0, n);
        } else {
            float[] f = new float[n];
            host.read(0, f, 0, n);
            for (int i = 0; i < n; i++) {
                out[i] = f[i];
            }
        }
        return out;
    }

    @Override
    public void zero(Tensor tensor) {
        ensureCurrent();
        long words = bytes(tensor) / 4;
        if (words > 0) {
            CudaDriver.check(CudaDriver.cuMemsetD32Async(cuda(tensor).pointer, 0, words, stream), "cuMemsetD32Async");
        }
    }

    @Override
    public void batchedMatmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor c) {
        ensureCurrent();
        GemmCall g = GemmCall.of(a.models(), a.rows(), a.cols(), transposeA, b.models(), b.rows(), b.cols(),
                transposeB, c.models(), c.rows(), c.cols());
        if (c.length() == 0) {
            return;
        }
        if (g.k() == 0) {
            zero(c);
            return;
        }
        int type = precision == Precision.FP64 ? Cublas.CUDA_R_64F : Cublas.CUDA_R_32F;
        int compute = precision == Precision.FP64 ? Cublas.CUBLAS_COMPUTE_64F : gemmMode.computeType;
        Cublas.check(Cublas.cublasGemmStridedBatchedEx(cublas, g.transa(), g.transb(), g.m(), g.n(), g.k(), alpha,
                cuda(b).pointer, type, g.lda(), g.strideA(), cuda(a).pointer, type, g.ldb(), g.strideB(), beta,
                cuda(c).pointer, type, g.ldc(), g.strideC(), g.batch(), compute, Cublas.CUBLAS_GEMM_DEFAULT),
                "cublasGemmStridedBatchedEx");
    }

    @Override
    public void biasActivationForward(Tensor z, Tensor bias, Activation activation, Tensor a) {
        ensureCurrent();
        requireSameShape(z, a);
        if (bias.models() != z.models() || bias.rows() != 1 || bias.cols() != z.cols()) {
            throw new IllegalArgumentException("bias " + bias + " does not fit " + z);
        }
        launchElementwise("sl_bias_act_forward", z.length(), args().ptr(z).ptr(bias).ptr(a).i64(z.length())
                .i32(z.rows()).i32(z.cols()).i32(activation.ordinal()));
    }

    @Override
    public void activationBackward(Tensor gradA, Tensor z, Tensor a, Activation activation, Tensor gradZ) {
        ensureCurrent();
        requireSameShape(gradA, z);
        requireSameShape(gradA, a);
        requireSameShape(gradA, gradZ);
        launchElementwise("sl_act_backward", z.length(), args().ptr(gradA).ptr(z).ptr(a).ptr(gradZ).i64(z.length())
                .i32(activation.ordinal()));
    }

    @Override
    public void sumRows(Tensor gradZ, Tensor gradBias) {
        ensureCurrent();
        if (gradBias.models() != gradZ.models() || gradBias.rows() != 1 || gradBias.cols() != gradZ.cols()) {
            throw new IllegalArgumentException("bias gradient " + gradBias + " does not fit " + gradZ);
        }
        launchElementwise("sl_sum_rows", (long) gradZ.models() * gradZ.cols(), args().ptr(gradZ).ptr(gradBias)
                .i32(gradZ.models()).i32(gradZ.rows()).i32(gradZ.cols()));
    }

    @Override
    public double[] lossAndGradient(LossKind loss, Tensor output, Tensor target, Tensor gradOutput) {
        ensureCurrent();
        if (lossBuffer == null || lossBuffer.length() < output.models()) {
            lossBuffer = (CudaScalars) allocateScalars(output.models());
        }
        CudaScalars losses = new CudaScalars(lossBuffer.pointer(), output.models());
        lossAndGradient(loss, output, target, gradOutput, losses);
        return read(losses);
    }

    @Override
    public void lossAndGradient(LossKind loss, Tensor output, Tensor target, Tensor gradOutput,
                                DeviceScalars losses) {
        ensureCurrent();
        requireSameShape(output, target);
        if (gradOutput != null) {
            requireSameShape(output, gradOutput);
        }
        int k = output.models();
        if (losses.length() != k) {
            throw new IllegalArgumentException(losses.length() + " loss slots for " + k + " models");
        }
        String kernel = loss == LossKind.MSE ? "sl_mse" : "sl_softmax_ce";
        launch(kernel, k, BLOCK, args().ptr(output).ptr(target).ptr(gradOutput).raw(scalars(losses).pointer())
                .i32(output.rows()).i32(output.cols()));
    }

    @Override
    public DeviceScalars allocateScalars(int n) {
        ensureCurrent();
        CudaScalars scalars = new CudaScalars(rawAlloc(8L * n, n + " device scalars"), n);
        if (n > 0) {
            CudaDriver.check(CudaDriver.cuMemsetD32Async(scalars.pointer(), 0, 2L * n, stream), "cuMemsetD32Async");
        }
        return scalars;
    }

    @Override
    public double[] read(DeviceScalars scalars) {
        ensureCurrent();
        int n = scalars.length();
        Memory host = staging(8L * n);
        if (n > 0) {
            CudaDriver.check(CudaDriver.cuMemcpyDtoHAsync_v2(host, scalars(scalars).pointer(), 8L * n, stream),
                    "cuMemcpyDtoHAsync_v2");
        }
        synchronize();
        return n == 0 ? new double[0] : host.getDoubleArray(0, n);
    }

    /** The clock is {t, 1 / (1 − β₁ᵗ), 1 / √(1 − β₂ᵗ)}, written by {@code sl_adam_clock}. */
    @Override
    public DeviceScalars adamClock() {
        return allocateScalars(3);
    }

    @Override
    public void advanceAdamClock(DeviceScalars clock, double beta1, double beta2) {
        ensureCurrent();
        launch("sl_adam_clock", 1, 1, args().raw(clock(clock).pointer()).f64(beta1).f64(beta2));
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

    @Override
    public void adamStep(Tensor param, Tensor grad, Tensor m, Tensor v, Tensor learningRates, double beta1,
                         double beta2, double epsilon, long t) {
        adam(param, grad, m, v, learningRates, beta1, beta2, epsilon, AdamCorrections.stepScale(beta1, t),
                AdamCorrections.invSqrtBiasCorrection2(beta2, t), 0);
    }

    @Override
    public void adamStep(Tensor param, Tensor grad, Tensor m, Tensor v, Tensor learningRates, double beta1,
                         double beta2, double epsilon, DeviceScalars clock) {
        adam(param, grad, m, v, learningRates, beta1, beta2, epsilon, 0, 0, clock(clock).pointer());
    }

    /** One kernel for both: bias corrections from the arguments, or from the device clock when it is not 0. */
    private void adam(Tensor param, Tensor grad, Tensor m, Tensor v, Tensor learningRates, double beta1,
                      double beta2, double epsilon, double stepScale, double invSqrtBc2, long clock) {
        ensureCurrent();
        requireSameShape(param, grad);
        requireSameShape(param, m);
        requireSameShape(param, v);
        checkRates(param, learningRates);
        launchElementwise("sl_adam", param.length(), args().ptr(param).ptr(grad).ptr(m).ptr(v).ptr(learningRates)
                .i64(param.length()).i64((long) param.rows() * param.cols()).real(beta1).real(beta2).real(epsilon)
                .real(stepScale).real(invSqrtBc2).raw(clock));
    }

    @Override
    public void sgdStep(Tensor param, Tensor grad, Tensor buf, Tensor learningRates, double momentum) {
        ensureCurrent();
        requireSameShape(param, grad);
        boolean useMomentum = momentum != 0;
        if (useMomentum) {
            requireSameShape(param, buf);
        }
        checkRates(param, learningRates);
        launchElementwise("sl_sgd", param.length(), args().ptr(param).ptr(grad).ptr(useMomentum ? buf : null)
                .ptr(learningRates).i64(param.length()).i64((long) param.rows() * param.cols()).real(momentum)
                .i32(useMomentum ? 1 : 0));
    }

    @Override
    public void applyMask(Tensor param, Tensor mask) {
        ensureCurrent();
        requireSameShape(param, mask);
        launchElementwise("sl_mask", param.length(), args().ptr(param).ptr(mask).i64(param.length()));
    }

    @Override
    public void synchronize() {
        ensureCurrent();
        CudaDriver.check(CudaDriver.cuStreamSynchronize(stream), "cuStreamSynchronize");
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
        ensureCurrent();
        CudaDriver.check(CudaDriver.cuStreamBeginCapture_v2(stream, CudaDriver.CU_STREAM_CAPTURE_MODE_THREAD_LOCAL),
                "cuStreamBeginCapture_v2");
        try {
            body.run();
        } catch (CudaException e) {
            abandonCapture();
            throw whileRecording(e);
        } catch (RuntimeException | Error e) {
            abandonCapture();
            throw e;
        }
        try {
            long[] graph = new long[1];
            CudaDriver.check(CudaDriver.cuStreamEndCapture(stream, graph), "cuStreamEndCapture");
            long[] exec = new long[1];
            int instantiated = CudaDriver.cuGraphInstantiateWithFlags(exec, graph[0], 0);
            if (instantiated != 0) {
                CudaDriver.cuGraphDestroy(graph[0]);
            }
            CudaDriver.check(instantiated, "cuGraphInstantiateWithFlags");
            return new CudaGraph(this, graph[0], exec[0]);
        } catch (CudaException e) {
            throw whileRecording(e);
        }
    }

    /** Ends a capture whose body failed, so the stream works again; the partial graph is dropped. */
    private void abandonCapture() {
        long[] graph = new long[1];
        if (CudaDriver.cuStreamEndCapture(stream, graph) == 0 && graph[0] != 0) {
            CudaDriver.cuGraphDestroy(graph[0]);
        }
    }

    private static CudaException whileRecording(CudaException e) {
        return new CudaException(e.getMessage() + " while recording a training step as a CUDA graph ($"
                + GraphSetting.VARIABLE + "=0 trains without graphs)", e.code());
    }

    void launchGraph(long exec) {
        ensureCurrent();
        CudaDriver.check(CudaDriver.cuGraphLaunch(exec, stream), "cuGraphLaunch");
        graphLaunches++;
    }

    /** How many graph replays this backend has queued (for tests: did the loop replay its steps?). */
    long graphLaunches() {
        return graphLaunches;
    }

    private void checkRates(Tensor param, Tensor learningRates) {
        if (learningRates.models() != param.models() || learningRates.rows() != 1 || learningRates.cols() != 1) {
            throw new IllegalArgumentException("learning rates " + learningRates + " must be [K, 1, 1] for " + param);
        }
    }

    private static void requireSameShape(Tensor x, Tensor y) {
        if (x.models() != y.models() || x.rows() != y.rows() || x.cols() != y.cols()) {
            throw new IllegalArgumentException("shape mismatch: " + x + " vs " + y);
        }
    }

    private void launchElementwise(String kernel, long n, Args args) {
        if (n == 0) {
            return;
        }
        long blocks = Math.min((n + BLOCK - 1) / BLOCK, (long) device.multiprocessors * 32);
        launch(kernel, (int) Math.max(blocks, 1), BLOCK, args);
    }

    private void launch(String kernel, int grid, int block, Args args) {
        long f = device.function(kernel + suffix);
        CudaDriver.check(CudaDriver.cuLaunchKernel(f, grid, 1, 1, block, 1, 1, 0, stream, argPointers, null),
                "cuLaunchKernel(" + kernel + suffix + ")");
    }

    /** Kernel arguments, written into two reusable native buffers (the launch copies them). */
    private Args args() {
        return new Args();
    }

    private final class Args {
        private int count;

        private Args slot(long offsetBytes) {
            argPointers.setPointer(8L * count, argValues.share(offsetBytes));
            count++;
            return this;
        }

        Args ptr(Tensor t) {
            return raw(t == null ? 0 : cuda(t).pointer);
        }

        Args raw(long devicePointer) {
            argValues.setLong(8L * count, devicePointer);
            return slot(8L * count);
        }

        Args i64(long v) {
            argValues.setLong(8L * count, v);
            return slot(8L * count);
        }

        Args i32(int v) {
            argValues.setInt(8L * count, v);
            return slot(8L * count);
        }

        /** A double whatever the kernel's T. */
        Args f64(double v) {
            argValues.setDouble(8L * count, v);
            return slot(8L * count);
        }

        /** A T-typed scalar: float for FP32 kernels, double for FP64. */
        Args real(double v) {
            if (precision == Precision.FP64) {
                argValues.setDouble(8L * count, v);
            } else {
                argValues.setFloat(8L * count, (float) v);
            }
            return slot(8L * count);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        device.makeCurrent();
        owner = Thread.currentThread();
        CudaDriver.cuStreamSynchronize(stream);
        Cublas.cublasDestroy_v2(cublas);
        for (long p : allocations) {
            CudaDriver.cuMemFree_v2(p);
        }
        allocations.clear();
        CudaDriver.cuStreamDestroy_v2(stream);
        closed = true;
    }

    @Override
    public String toString() {
        return "CudaBackend[" + name() + ", " + precision + "]";
    }
}
