package dev.scalelab.core.task;

import dev.scalelab.core.UserInputException;
import dev.scalelab.core.util.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * The teacher of Sharma &amp; Kaplan (2020), "A Neural Scaling Law from the Dimension of the Data Manifold"
 * (U-Sharma/NeuralScaleID, {@code teacher.py} and {@code Experiments/L2.py}): a ReLU network
 * [ambient, width × depth, 1] with weights N(0, 1/fan_in), zero biases and its output multiplied by
 * {@code outputScale} (6 in their code). Inputs are uniform on [−½, ½]^ambient; as in their {@code predict}, the
 * teacher multiplies the input by a 0/1 mask that keeps only the first {@code features} coordinates, so the
 * student sees all {@code ambient} coordinates but only {@code features} of them matter. Here the mask is folded
 * into the first layer (its rows for the other coordinates are zero), which computes the same function.
 *
 * <p>Samples are streamed: sample s of a stream has coordinates {@link #uniform}(stream, s·ambient + c), a
 * counter-based hash, so that every backend (host, CPU, GPU kernel) draws the same inputs for the same seed and
 * position without sharing a generator's state. Its formula lives here and, for the GPU, in the kernel that
 * mirrors it.
 */
public record ReluTeacher(int ambientDim, int features, int depth, int width, double outputScale, long seed) {

    public ReluTeacher {
        UserInputException.require(ambientDim >= 1 && ambientDim <= 4096, "task.ambient_d",
                "the teacher's input width must be in 1..4096, got " + ambientDim);
        UserInputException.require(features >= 1 && features <= ambientDim, "task.d",
                "relu_teacher varies d of the teacher's " + ambientDim + " inputs: d must be in 1.." + ambientDim
                        + ", got " + features);
        UserInputException.require(depth >= 1 && depth <= 16, "task.teacher_depth",
                "teacher hidden layers must be in 1..16, got " + depth);
        UserInputException.require(width >= 1 && (long) width * Math.max(width, ambientDim) <= TaskSpec.MAX_ARRAY,
                "task.teacher_width", "teacher width must be positive and its weights fit one array, got " + width);
        UserInputException.require(outputScale > 0 && Double.isFinite(outputScale), "task.teacher_scale",
                "the teacher's output scale must be a positive number, got " + outputScale);
    }

    /** [ambient, width, …, width, 1]. */
    public int[] layerSizes() {
        int[] sizes = new int[depth + 2];
        sizes[0] = ambientDim;
        for (int l = 1; l <= depth; l++) {
            sizes[l] = width;
        }
        sizes[depth + 1] = 1;
        return sizes;
    }

    /** Per layer the [fan_in, fan_out] weights, row-major; biases are zero. Fixed by {@link #seed} and the shape. */
    public List<double[]> weights() {
        Rng rng = Rng.forPurpose(seed, "relu_teacher");
        int[] sizes = layerSizes();
        List<double[]> out = new ArrayList<>();
        for (int l = 0; l + 1 < sizes.length; l++) {
            int fanIn = sizes[l];
            int fanOut = sizes[l + 1];
            double sd = 1 / Math.sqrt(fanIn);
            double[] w = new double[fanIn * fanOut];
            for (int i = 0; i < w.length; i++) {
                w[i] = rng.normal() * sd;
            }
            if (l == 0) {
                java.util.Arrays.fill(w, features * fanOut, w.length, 0.0);
            }
            if (l + 2 == sizes.length) {
                for (int i = 0; i < w.length; i++) {
                    w[i] *= outputScale;
                }
            }
            out.add(w);
        }
        return out;
    }

    /** The stream of training samples, or of the fixed test set, of a data seed. */
    public static long streamSeed(long dataSeed, boolean test) {
        return Rng.mix(Rng.mix(dataSeed) ^ (test ? 0x7e57_5e7L : 0x57_12ea_3L));
    }

    /**
     * Element {@code index} of stream {@code streamSeed}: uniform on [−½, ½) with 24 random bits, so the value is
     * exact in FP32 and FP64 alike. SplitMix64's finaliser over seed + (index + 1)·φ·2⁶⁴.
     */
    public static float uniform(long streamSeed, long index) {
        long bits = Rng.mix(streamSeed + (index + 1) * 0x9e3779b97f4a7c15L) >>> 40;
        return bits * 0x1.0p-24f - 0.5f;
    }

    /** {@code rows} samples of a stream from sample {@code first} on: [rows, ambient], row-major. */
    public float[] inputs(long streamSeed, long first, int rows) {
        float[] x = new float[rows * ambientDim];
        long base = first * ambientDim;
        for (int i = 0; i < x.length; i++) {
            x[i] = uniform(streamSeed, base + i);
        }
        return x;
    }

    /**
     * The activations after {@code layers} layers (ReLU after every hidden layer; {@code layers} = depth + 1 gives
     * the output) for [rows, ambient] inputs, in FP64 on the host: the reference the backends are checked against
     * and the points whose intrinsic dimension is measured.
     */
    public double[] activations(float[] inputs, int rows, int layers) {
        int[] sizes = layerSizes();
        if (layers < 1 || layers >= sizes.length) {
            throw new IllegalArgumentException("layers must be in 1.." + (sizes.length - 1) + ", got " + layers);
        }
        List<double[]> w = weights();
        double[] a = new double[inputs.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = inputs[i];
        }
        for (int l = 0; l < layers; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            double[] wl = w.get(l);
            double[] z = new double[rows * out];
            for (int r = 0; r < rows; r++) {
                for (int i = 0; i < in; i++) {
                    double x = a[r * in + i];
                    if (x == 0) {
                        continue;
                    }
                    for (int j = 0; j < out; j++) {
                        z[r * out + j] += x * wl[i * out + j];
                    }
                }
            }
            if (l + 2 < sizes.length) {
                for (int i = 0; i < z.length; i++) {
                    z[i] = Math.max(z[i], 0);
                }
            }
            a = z;
        }
        return a;
    }
}
