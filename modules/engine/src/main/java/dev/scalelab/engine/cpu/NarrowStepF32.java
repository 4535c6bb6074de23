package dev.scalelab.engine.cpu;

import dev.scalelab.core.spec.Activation;
import dev.scalelab.core.spec.LossKind;

/**
 * {@link MlpStepF32}'s pass for narrow models (chosen by {@link FusedRule#narrow}), vectorised over the batch rows
 * instead of the output columns: activations are kept feature-major, one contiguous row of {@code p} values per
 * unit ({@code p} = the batch's rows rounded up to {@link #BLOCK} = 16; the padding rows are zero in the input, in
 * every activation and in every gradient, so they add nothing). Forward
 * {@code Zᵀ[c] = b[c] + Σ_i W[i][c] Xᵀ[i]} and backward {@code dXᵀ[i] = Σ_c W[i][c] dZᵀ[c]} are one fused
 * multiply-add chain over the units per element, in the same order as {@link GemmF32} (so these give the bits of
 * the column-vectorised pass); the sums over rows, {@code dW[i][c] = Σ_r Xᵀ[i][r] dZᵀ[c][r]} and
 * {@code db[c] = Σ_r dZᵀ[c][r]}, are lane-blocked: lane j (0..15) accumulates rows j, j + 16, ... by fused
 * multiply-adds (plain adds for db), then the 16 lanes are added in a fixed tree ({@link #tree}). They differ from
 * the column-vectorised pass's sequential sums at FP32 rounding level only. The scalar path follows the same
 * lane-blocked order with {@link Math#fma}, so it gives the same bits as the vector one
 * ({@link NarrowF32Vector}, used where the preferred species has 16 float lanes), whatever the machine.
 * The loss and its gradient are computed as {@link MlpStepF32} does (same order, same bits).
 */
final class NarrowStepF32 implements ModelStep {
    /** Rows per block of the lane-blocked sums: a fixed 16 (one 512-bit vector), whatever the machine. */
    static final int BLOCK = 16;
    private static final char PATH = System.getProperty("scalelab.cpu.path", "auto").charAt(0);
    private final FusedShape shape;
    private final FusedTensors t;
    private final boolean vectorAllowed;
    private boolean vector;
    private final int p;
    private final float[][] w;
    private final float[][] b;
    private final float[][] z;
    private final float[][] a;
    private final float[][] gw;
    private final float[][] gb;
    private final float[] xRows;
    private final float[] xScratch;
    private final InputCache cache;
    private float[] x;
    private final float[] y;
    private float[] g;
    private float[] gPrev;
    private final float[] lanes = new float[BLOCK];

    NarrowStepF32(FusedShape shape, FusedTensors tensors, boolean vector) {
        this(shape, tensors, vector, null);
    }

    /** With {@code cache} (may be null): the inputs' transposes kept across passes, shared by the threads. */
    NarrowStepF32(FusedShape shape, FusedTensors tensors, boolean vector, InputCache cache) {
        this.shape = shape;
        this.cache = cache;
        this.t = tensors;
        this.vectorAllowed = vector && NarrowF32Vector.usable();
        int layers = shape.layers();
        int rows = shape.rows();
        p = (rows + BLOCK - 1) / BLOCK * BLOCK;
        w = new float[layers][];
        b = new float[layers][];
        z = new float[layers][];
        a = new float[layers][];
        gw = new float[layers][];
        gb = new float[layers][];
        int widest = 0;
        for (int l = 0; l < layers; l++) {
            int in = shape.in(l);
            int out = shape.out(l);
            w[l] = new float[in * out];
            b[l] = new float[out];
            z[l] = new float[p * out];
            a[l] = l == layers - 1 ? z[l] : new float[p * out];
            gw[l] = new float[in * out];
            gb[l] = new float[out];
            widest = Math.max(widest, out);
        }
        xRows = new float[rows * shape.in(0)];
        xScratch = new float[p * shape.in(0)];
        y = new float[rows * shape.out(layers - 1)];
        g = new float[p * widest];
        gPrev = new float[p * widest];
    }

    /**
     * Model k's input batch, row-major as read and feature-major as the kernels use it, kept across passes of one
     * {@link CpuFusedPass}: full-batch training reads the same batch every step, so its transpose is made once
     * (the row-major copy is compared bit for bit with what was read, so a new minibatch is transposed again).
     * Model k is one thread's during a pass, and {@link CpuPool} orders one pass's writes before the next pass.
     */
    static final class InputCache {
        /** The most input floats (K × rows × inputs) kept; larger batches are transposed every pass. */
        static final long MAX_FLOATS = 1L << 21;
        private final float[][] rowMajor;
        private final float[][] featureMajor;

        InputCache(int models) {
            rowMajor = new float[models][];
            featureMajor = new float[models][];
        }

        /** The array to write model k's transpose into when {@code read} is not the kept batch, else null. */
        float[] stale(int k, float[] read, int transposedLength) {
            if (rowMajor[k] != null && java.util.Arrays.equals(rowMajor[k], read)) {
                return null;
            }
            if (rowMajor[k] == null) {
                rowMajor[k] = new float[read.length];
                featureMajor[k] = new float[transposedLength];
            }
            System.arraycopy(read, 0, rowMajor[k], 0, read.length);
            return featureMajor[k];
        }
    }

    /** Whether the vector kernels can run here (else the scalar path, same bits). */
    static boolean vectorUsable() {
        return VectorSupport.available() && NarrowF32Vector.usable();
    }

    @Override
    public double run(int k) {
        vector = vectorAllowed && PATH != 's';
        int layers = shape.layers();
        int rows = shape.rows();
        t.getParameters(shape, k, w, b);
        int in0 = shape.in(0);
        t.input().get((long) k * xRows.length, xRows, 0, xRows.length);
        t.target().get((long) k * y.length, y, 0, y.length);
        float[] into = cache == null ? xScratch : cache.stale(k, xRows, p * in0);
        if (into != null) {
            for (int r = 0; r < rows; r++) {
                int row = r * in0;
                for (int i = 0; i < in0; i++) {
                    into[i * p + r] = xRows[row + i];
                }
            }
        }
        x = cache == null ? xScratch : cache.featureMajor[k];

        float[] input = x;
        for (int l = 0; l < layers; l++) {
            int in = shape.in(l);
            int out = shape.out(l);
            Activation act = l == layers - 1 ? Activation.IDENTITY : shape.activation();
            boolean relu = act == Activation.RELU;
            if (vector) {
                NarrowF32Vector.forward(w[l], b[l], in, out, input, p, z[l], a[l], relu);
            } else {
                forward(w[l], b[l], in, out, input, p, z[l]);
            }
            if (!vector || !relu) {
                Elementwise.activation(z[l], a[l], p * out, act);
            }
            if (l < layers - 1 && rows < p) {
                // Padding rows of a hidden layer: z = b there, a zeroed (the next layer's input, and the factor
                // of its weight gradient); their gradients are zero from the loss on, so z's padding adds nothing.
                for (int c = 0; c < out; c++) {
                    java.util.Arrays.fill(a[l], c * p + rows, (c + 1) * p, 0f);
                }
            }
            input = a[l];
        }
        double loss = lossAndGradient(a[layers - 1], rows, shape.out(layers - 1));

        for (int l = layers - 1; l >= 0; l--) {
            int in = shape.in(l);
            int out = shape.out(l);
            float[] layerInput = l == 0 ? x : a[l - 1];
            if (vector) {
                NarrowF32Vector.weightGradient(layerInput, in, g, out, p, gw[l], lanes);
                NarrowF32Vector.biasGradient(g, out, p, gb[l], lanes);
            } else {
                weightGradient(layerInput, in, g, out, gw[l]);
                biasGradient(g, out, gb[l]);
            }
            if (l > 0) {
                if (vector) {
                    NarrowF32Vector.backData(w[l], in, out, g, p, gPrev);
                } else {
                    backData(w[l], in, out, g, p, gPrev);
                }
                Elementwise.activationBackward(vector, gPrev, z[l - 1], a[l - 1], in * p, shape.activation());
                float[] swap = g;
                g = gPrev;
                gPrev = swap;
            }
        }
        t.putGradients(shape, k, gw, gb);
        return loss;
    }

    /** z[c][r] = (Σ_i w[i][c] x[i][r]) + b[c]: the scalar twin of {@link NarrowF32Vector#forward}. */
    private static void forward(float[] w, float[] b, int in, int out, float[] x, int p, float[] z) {
        for (int c = 0; c < out; c++) {
            int zc = c * p;
            for (int r = 0; r < p; r++) {
                float acc = 0f;
                for (int i = 0, xi = r, wi = c; i < in; i++, xi += p, wi += out) {
                    acc = Math.fma(w[wi], x[xi], acc);
                }
                z[zc + r] = acc + b[c];
            }
        }
    }

    /** The scalar twin of {@link NarrowF32Vector#backData}. */
    private static void backData(float[] w, int in, int out, float[] g, int p, float[] d) {
        for (int i = 0; i < in; i++) {
            int wi = i * out;
            int di = i * p;
            for (int r = 0; r < p; r++) {
                float acc = 0f;
                for (int c = 0, gc = r; c < out; c++, gc += p) {
                    acc = Math.fma(w[wi + c], g[gc], acc);
                }
                d[di + r] = acc;
            }
        }
    }

    /** The scalar twin of {@link NarrowF32Vector#weightGradient}. */
    private void weightGradient(float[] x, int in, float[] g, int out, float[] gw) {
        for (int i = 0; i < in; i++) {
            int xi = i * p;
            for (int c = 0; c < out; c++) {
                java.util.Arrays.fill(lanes, 0f);
                int gc = c * p;
                for (int v = 0; v < p; v += BLOCK) {
                    for (int j = 0; j < BLOCK; j++) {
                        lanes[j] = Math.fma(x[xi + v + j], g[gc + v + j], lanes[j]);
                    }
                }
                gw[i * out + c] = tree(lanes);
            }
        }
    }

    /** The scalar twin of {@link NarrowF32Vector#biasGradient}. */
    private void biasGradient(float[] g, int out, float[] gb) {
        for (int c = 0; c < out; c++) {
            java.util.Arrays.fill(lanes, 0f);
            int gc = c * p;
            for (int v = 0; v < p; v += BLOCK) {
                for (int j = 0; j < BLOCK; j++) {
                    lanes[j] = lanes[j] + g[gc + v + j];
                }
            }
            gb[c] = tree(lanes);
        }
    }

    /** The fixed order of the lane sums: t[j] += t[j + h] for h = 8, 4, 2, 1 (j &lt; h); the result is t[0]. */
    static float tree(float[] t) {
        for (int h = BLOCK / 2; h >= 1; h /= 2) {
            for (int j = 0; j < h; j++) {
                t[j] = t[j] + t[j + h];
            }
        }
        return t[0];
    }

    /**
     * The loss of output o (feature-major) against y (row-major) and its gradient into g (feature-major, zero on
     * the padding rows), summed in {@link MlpStepF32}'s order.
     */
    private double lossAndGradient(float[] o, int rows, int cols) {
        for (int c = 0; c < cols; c++) {
            java.util.Arrays.fill(g, c * p + rows, (c + 1) * p, 0f);
        }
        if (shape.loss() == LossKind.MSE) {
            int n = rows * cols;
            float scale = (float) (2.0 / n);
            double sum = 0;
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    float d = o[c * p + r] - y[r * cols + c];
                    sum += (double) d * d;
                    g[c * p + r] = d * scale;
                }
            }
            return sum / n;
        }
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            float max = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < cols; c++) {
                max = Math.max(max, o[c * p + r]);
            }
            double e = 0;
            for (int c = 0; c < cols; c++) {
                e += Math.exp((double) o[c * p + r] - max);
            }
            double logZ = max + Math.log(e);
            for (int c = 0; c < cols; c++) {
                double logP = o[c * p + r] - logZ;
                sum -= y[row + c] * logP;
                g[c * p + r] = (float) ((Math.exp(logP) - y[row + c]) / rows);
            }
        }
        return sum / rows;
    }
}
