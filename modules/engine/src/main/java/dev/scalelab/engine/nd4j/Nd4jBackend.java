package dev.scalelab.engine.nd4j;

import dev.scalelab.core.run.BackendProvenance;
import dev.scalelab.core.spec.Activation;
import dev.scalelab.core.spec.LossKind;
import dev.scalelab.core.spec.MlpSpec;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.compute.FusedPass;
import dev.scalelab.engine.compute.Precision;
import dev.scalelab.engine.compute.Tensor;
import dev.scalelab.engine.cpu.CpuFusedPass;
import dev.scalelab.engine.cpu.CpuFusedSetting;
import dev.scalelab.engine.cpu.FusedRule;
import dev.scalelab.engine.cpu.FusedTensors;
import dev.scalelab.engine.cpu.HostMemory;
import dev.scalelab.engine.cpu.OnePassUpdate;
import dev.scalelab.engine.cpu.VectorSupport;
import dev.scalelab.engine.cpu.WidePasses;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.api.ops.impl.transforms.custom.LogSoftMax;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Exp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The compute primitives on ND4J's CPU backend (OpenBLAS GEMM, libnd4j elementwise ops). Batched products
 * use ND4J's rank-3 matmul; K = 1 takes the faster 2-D GEMM into a preallocated output. Small models train
 * through our own fused kernels instead ({@link #fusedPass}, {@code engine.cpu}), on the same buffers, and
 * optimizer steps and masks are one Java pass over them ({@link OnePassUpdate}); {@code $SCALELAB_CPU_FUSED}
 * chooses ({@link CpuFusedSetting}).
 */
public final class Nd4jBackend implements ComputeBackend {
    private final Precision precision;
    private final DataType dataType;
    private final CpuFusedSetting fused;

    /** The backend with {@code $SCALELAB_CPU_FUSED}'s setting (a bad value is a one-line error). */
    public Nd4jBackend(Precision precision) {
        this(precision, CpuFusedSetting.fromEnvironment());
    }

    public Nd4jBackend(Precision precision, CpuFusedSetting fused) {
        this.precision = precision;
        this.dataType = precision == Precision.FP64 ? DataType.DOUBLE : DataType.FLOAT;
        this.fused = fused;
    }

    @Override
    public String name() {
        return "nd4j-cpu";
    }

    @Override
    public String device() {
        return CpuInfo.modelName() + " (" + Runtime.getRuntime().availableProcessors() + " cores)";
    }

    @Override
    public Precision precision() {
        return precision;
    }

    /**
     * ND4J's version, OpenBLAS's, the threads per op in effect, and OpenBLAS's core type with where it came
     * from ({@code auto}/{@code user} from the launcher, else {@code unset}): it decides which GEMM kernels run.
     */
    @Override
    public BackendProvenance provenance() {
        return new BackendProvenance(name(), device(), Map.of("nd4j", Nd4jFacts.nd4jVersion()), Nd4jFacts.blas(),
                NativeThreads.get(), Map.of("openblas_coretype", System.getenv().getOrDefault("OPENBLAS_CORETYPE", ""),
                        "openblas_coretype_source",
                        System.getenv().getOrDefault("SCALELAB_OPENBLAS_CORETYPE_SOURCE", "unset"),
                        "cpu_fused", fused.id(), "cpu_fused_rule", switch (fused) {
                            case AUTO -> FusedRule.describe();
                            case ON -> "fused for every shape";
                            case GEMM -> "GEMM path for every shape";
                            case OFF -> "ND4J primitives only";
                        },
                        "cpu_fused_layout", FusedRule.describeLayout(),
                        "cpu_kernels", VectorSupport.describe(), "cpu_pool_threads",
                        Integer.toString(dev.scalelab.engine.cpu.CpuPool.workers())));
    }

    /** The fused-kernel setting in effect ({@code $SCALELAB_CPU_FUSED}). */
    public CpuFusedSetting fusedSetting() {
        return fused;
    }

    /**
     * Our fused CPU pass ({@link CpuFusedPass}) where {@code $SCALELAB_CPU_FUSED} and, when it is unset, the
     * measured rule ({@link FusedRule}) choose it for this shape; else empty, and the loop issues ND4J primitives.
     */
    @Override
    public Optional<FusedPass> fusedPass(MlpSpec spec, LossKind loss, List<Tensor> weights, List<Tensor> biases,
                                         Tensor input, Tensor target, List<Tensor> gradWeights,
                                         List<Tensor> gradBiases) {
        int models = input.models();
        int rows = input.rows();
        if (fused == CpuFusedSetting.OFF || fused == CpuFusedSetting.GEMM
                || fused == CpuFusedSetting.AUTO && !FusedRule.fused(spec, models, rows)) {
            return Optional.empty();
        }
        FusedTensors tensors = new FusedTensors(weights.stream().map(this::memory).toList(),
                biases.stream().map(this::memory).toList(), memory(input), memory(target),
                gradWeights.stream().map(this::memory).toList(), gradBiases.stream().map(this::memory).toList());
        return Optional.of(CpuFusedPass.bind(spec, loss, models, rows, precision, tensors, true));
    }

    /** The tensor's elements as host memory for the fused kernels (checked dense). */
    HostMemory memory(Tensor t) {
        Nd4jTensor n = (Nd4jTensor) t;
        if (n.memory == null) {
            n.memory = new Nd4jHostMemory(dense(t), dataType == DataType.DOUBLE, t.length());
        }
        return n.memory;
    }

    private OnePassUpdate.Rates rates(Tensor learningRates, Tensor param) {
        long perModel = learningRates.length() == param.length() ? 1 : (long) param.rows() * param.cols();
        return new OnePassUpdate.Rates(memory(learningRates), learningRates.length(), perModel);
    }

    /** Process-wide, as ND4J's OpenMP and OpenBLAS settings are. */
    @Override
    public int tuneThreads(double stepFlops, int workers, int requested) {
        int threads = requested > 0 ? requested : NativeThreads.forStep(stepFlops, workers);
        NativeThreads.set(threads);
        return threads;
    }

    @Override
    public Tensor allocate(int models, int rows, int cols) {
        return new Nd4jTensor(Nd4j.create(dataType, new long[] {models, rows, cols}, 'c'));
    }

    @Override
    public Tensor allocateContiguous(java.util.List<int[]> shapes, java.util.List<Tensor> pieces) {
        long total = 0;
        for (int[] s : shapes) {
            total += (long) s[0] * s[1] * s[2];
        }
        INDArray flat = Nd4j.create(dataType, new long[] {total}, 'c');
        long offset = 0;
        for (int[] s : shapes) {
            long n = (long) s[0] * s[1] * s[2];
            INDArray view = flat.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(offset, offset + n))
                    .reshape('c', s[0], s[1], s[2]);
            if (!view.isView()) {
                throw new IllegalStateException("ND4J copied a contiguous slice; cannot alias parameters");
            }
            pieces.add(new Nd4jTensor(view));
            offset += n;
        }
        return new Nd4jTensor(flat.reshape('c', 1, 1, total));
    }

    private static INDArray arr(Tensor t) {
        return ((Nd4jTensor) t).array;
    }

    // Host transfers copy in bulk through the buffer's address: ND4J's own createFromArray/asDouble go element by
    // element through an indexer, which cost more than the training step itself for large uploads (edge-popup
    // writes all weights every step). The address of a buffer already points at its first element, views included.

    @Override
    public void upload(double[] values, Tensor into) {
        checkLength(values.length, into);
        if (dataType == DataType.DOUBLE) {
            new DoublePointer(dense(into).data().addressPointer()).put(values, 0, values.length);
        } else {
            upload(toFloats(values), into);
        }
    }

    @Override
    public void upload(float[] values, Tensor into) {
        checkLength(values.length, into);
        if (dataType == DataType.FLOAT) {
            new FloatPointer(dense(into).data().addressPointer()).put(values, 0, values.length);
        } else {
            upload(toDoubles(values), into);
        }
    }

    private static void checkLength(int length, Tensor t) {
        if (length != t.length()) {
            throw new IllegalArgumentException("upload of " + length + " values into " + t);
        }
    }

    @Override
    public double[] download(Tensor tensor) {
        INDArray a = dense(tensor);
        if (dataType == DataType.DOUBLE) {
            double[] out = new double[(int) a.length()];
            new DoublePointer(a.data().addressPointer()).get(out, 0, out.length);
            return out;
        }
        float[] f = new float[(int) a.length()];
        new FloatPointer(a.data().addressPointer()).get(f, 0, f.length);
        return toDoubles(f);
    }

    private static float[] toFloats(double[] values) {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return f;
    }

    private static double[] toDoubles(float[] values) {
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = values[i];
        }
        return d;
    }

    /** The tensor's array, checked to be laid out densely in row-major order from its buffer's first element. */
    private static INDArray dense(Tensor t) {
        INDArray a = arr(t);
        long[] shape = a.shape();
        long[] stride = a.stride();
        long expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            // A dimension of size 1 may carry any stride; it never moves the address.
            if (shape[d] != 1 && stride[d] != expected) {
                throw new IllegalStateException("tensor is not a dense row-major buffer: " + t);
            }
            expected *= shape[d];
        }
        if (a.data().length() < a.length()) {
            throw new IllegalStateException("tensor is not a dense row-major buffer: " + t);
        }
        return a;
    }

    @Override
    public void zero(Tensor tensor) {
        arr(tensor).assign(0);
    }

    @Override
    public void batchedMatmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor c) {
        if (a.models() == 1) {
            Nd4j.gemm(((Nd4jTensor) a).matrix(), ((Nd4jTensor) b).matrix(), ((Nd4jTensor) c).matrix(),
                    transposeA, transposeB, 1.0, 0.0);
        } else {
            Nd4j.matmul(arr(a), arr(b), arr(c), transposeA, transposeB, false);
        }
    }

    @Override
    public void biasActivationForward(Tensor zt, Tensor bias, Activation activation, Tensor at) {
        if (fused != CpuFusedSetting.OFF) {
            WidePasses.biasActivation(dataType == DataType.DOUBLE, zt.models(), zt.rows(), zt.cols(), memory(zt),
                    memory(bias), activation, at == zt ? memory(zt) : memory(at));
            return;
        }
        INDArray z = arr(zt);
        z.addi(arr(bias));
        INDArray a = arr(at);
        switch (activation) {
            case RELU -> Nd4j.exec(new RectifiedLinear(z, a, 0.0));
            case REQU -> {
                Nd4j.exec(new RectifiedLinear(z, a, 0.0));
                a.muli(a);
            }
            case SIGMOID -> Nd4j.exec(new Sigmoid(z, a));
            case TANH -> Nd4j.exec(new Tanh(z, a));
            case GAUSSIAN -> {
                INDArray sq = z.mul(z).negi();
                Nd4j.exec(new Exp(sq, a));
            }
            case IDENTITY -> {
                if (a != z) {
                    a.assign(z);
                }
            }
        }
    }

    @Override
    public void activationBackward(Tensor gradAt, Tensor zt, Tensor at, Activation activation, Tensor gradZt) {
        if (fused != CpuFusedSetting.OFF) {
            WidePasses.activationBackward(dataType == DataType.DOUBLE, gradAt.length(), memory(gradAt), memory(zt),
                    memory(at), activation, memory(gradZt));
            return;
        }
        INDArray gradA = arr(gradAt);
        INDArray z = arr(zt);
        INDArray a = arr(at);
        INDArray gradZ = arr(gradZt);
        INDArray derivative = switch (activation) {
            case RELU -> Nd4j.exec(new Step(z, ((Nd4jTensor) zt).scratch(), 0.0));
            case REQU -> Nd4j.exec(new RectifiedLinear(z, ((Nd4jTensor) zt).scratch(), 0.0)).muli(2.0);
            case SIGMOID -> a.rsub(1.0).muli(a);
            case TANH -> a.mul(a).rsubi(1.0);
            case GAUSSIAN -> z.mul(a).muli(-2.0);
            case IDENTITY -> null;
        };
        if (derivative == null) {
            if (gradZ != gradA) {
                gradZ.assign(gradA);
            }
        } else if (gradZ == gradA) {
            gradZ.muli(derivative);
        } else {
            gradZ.assign(gradA).muli(derivative);
        }
    }

    @Override
    public void sumRows(Tensor gradZ, Tensor gradBias) {
        if (fused != CpuFusedSetting.OFF) {
            WidePasses.sumRows(dataType == DataType.DOUBLE, gradZ.models(), gradZ.rows(), gradZ.cols(), memory(gradZ),
                    memory(gradBias));
            return;
        }
        arr(gradZ).sum(((Nd4jTensor) gradBias).rowsDropped(), 1);
    }

    @Override
    public double[] lossAndGradient(LossKind loss, Tensor outputT, Tensor targetT, Tensor gradOutputT) {
        INDArray output = arr(outputT);
        INDArray target = arr(targetT);
        int batch = outputT.rows();
        if (fused != CpuFusedSetting.OFF && loss == LossKind.MSE) {
            return WidePasses.mse(dataType == DataType.DOUBLE, outputT.models(), batch, outputT.cols(),
                    memory(outputT), memory(targetT), gradOutputT == null ? null : memory(gradOutputT));
        }
        return switch (loss) {
            case MSE -> {
                double scale = (double) batch * outputT.cols();
                INDArray diff = gradOutputT != null ? output.sub(target, arr(gradOutputT)) : output.sub(target);
                double[] losses = diff.mul(diff).sum(1, 2).toDoubleVector();
                for (int k = 0; k < losses.length; k++) {
                    losses[k] /= scale;
                }
                if (gradOutputT != null) {
                    diff.muli(2.0 / scale);
                }
                yield losses;
            }
            case CROSS_ENTROPY -> {
                INDArray logProbs = Nd4j.exec(new LogSoftMax(output, 2))[0];
                double[] losses = logProbs.mul(target).sum(1, 2).divi(-(double) batch)
                        .castTo(DataType.DOUBLE).toDoubleVector();
                if (gradOutputT != null) {
                    INDArray probs = Nd4j.exec(new Exp(logProbs, logProbs.ulike()));
                    arr(gradOutputT).assign(probs.subi(target).divi((double) batch));
                }
                yield losses;
            }
        };
    }

    @Override
    public void adamStep(Tensor paramT, Tensor gradT, Tensor mT, Tensor vT, Tensor learningRates, double beta1,
                         double beta2, double epsilon, long t) {
        if (fused != CpuFusedSetting.OFF) {
            OnePassUpdate.adam(dataType == DataType.DOUBLE, paramT.length(), memory(paramT), memory(gradT),
                    memory(mT), memory(vT), rates(learningRates, paramT), beta1, beta2, epsilon, t);
            return;
        }
        // PyTorch's rule in ND4J ops, the bias corrections in double. (libnd4j's own adam_updater was used here
        // until 2026-12-06: it computes 1 − β₂ᵗ from the FP32 β₂, 0.999f, which is off by 1.3e-5 relative, and
        // `doctor --cpu-test` failed its adamStep check by that much.)
        INDArray grad = arr(gradT);
        INDArray m = arr(mT).muli(beta1).addi(grad.mul(1 - beta1));
        INDArray v = arr(vT).muli(beta2).addi(grad.mul(grad).muli(1 - beta2));
        double bias1 = 1 - Math.pow(beta1, t);
        double sqrtBias2 = Math.sqrt(1 - Math.pow(beta2, t));
        INDArray denominator = Transforms.sqrt(v, true).divi(sqrtBias2).addi(epsilon);
        subtractScaled(arr(paramT), m.div(denominator).divi(bias1), arr(learningRates), true);
    }

    @Override
    public void sgdStep(Tensor paramT, Tensor gradT, Tensor bufT, Tensor learningRates, double momentum) {
        if (fused != CpuFusedSetting.OFF) {
            OnePassUpdate.sgd(dataType == DataType.DOUBLE, paramT.length(), memory(paramT), memory(gradT),
                    momentum == 0 ? null : memory(bufT), rates(learningRates, paramT), momentum);
            return;
        }
        INDArray direction = arr(gradT);
        if (momentum != 0) {
            direction = arr(bufT).muli(momentum).addi(direction);
        }
        subtractScaled(arr(paramT), direction, arr(learningRates), momentum == 0);
    }

    /** param -= lr · step, lr [K, 1, 1] or param-shaped; {@code step} is overwritten only if it is scratch. */
    private static void subtractScaled(INDArray param, INDArray step, INDArray lr, boolean stepIsScratch) {
        INDArray scaled = stepIsScratch ? step : step.dup();
        if (lr.length() == 1) {
            param.subi(scaled.muli(lr.getDouble(0)));
        } else {
            param.subi(scaled.muli(lr));
        }
    }

    @Override
    public void applyMask(Tensor param, Tensor mask) {
        if (fused != CpuFusedSetting.OFF) {
            OnePassUpdate.mask(dataType == DataType.DOUBLE, param.length(), memory(param), memory(mask));
            return;
        }
        arr(param).muli(arr(mask));
    }

    @Override
    public void close() {
        // ND4J arrays are released by the garbage collector.
    }
}
