package dev.scalelab.engine.cpu;

import dev.scalelab.core.spec.Activation;
import dev.scalelab.core.spec.LossKind;

/**
 * One model's forward pass, loss with its gradient, and backward pass in FP32, in Java arrays that stay in this
 * thread's cache: the model's weights, biases, batch and target are copied in, every gradient is written back.
 * One instance per thread and shape (its arrays are the scratch). Products go through {@link GemmF32}, so the
 * vector and scalar paths give the same bits; the rest is scalar, with {@link Math}'s functions.
 */
final class MlpStepF32 implements ModelStep {
    /**
     * {@code -Dscalelab.cpu.path=scalar} runs the scalar path although the vector one is there (to compare them).
     * Measured on the loaded 2-core build machine (2026-12-06, P2's shape, K = 64): the vector path, once C2 has
     * compiled it, 38-42k model-steps per CPU second, scalar 6.5k; choosing per pass by the clock gave 20k (the
     * timings of single passes on a loaded machine mislead it), so the vector path is always taken when available.
     * Until C2 compiles it (seconds on a loaded machine) the Vector API runs many times slower than scalar code.
     */
    private static final char PATH = System.getProperty("scalelab.cpu.path", "auto").charAt(0);
    private final FusedShape shape;
    private final FusedTensors t;
    private final boolean vectorAllowed;
    private final int lanes;
    private boolean vector;
    private final float[][] w;
    private final float[][] wt;
    private final float[][] b;
    private final float[][] z;
    private final float[][] a;
    private final float[][] gw;
    private final float[][] gb;
    private final float[] x;
    private final float[] y;
    private float[] g;
    private float[] gPrev;
    private final float[] gwT;

    MlpStepF32(FusedShape shape, FusedTensors tensors, boolean vector) {
        this.shape = shape;
        this.t = tensors;
        this.vectorAllowed = vector;
        this.lanes = vector ? GemmF32Vector.lanes() : Integer.MAX_VALUE;
        int layers = shape.layers();
        w = new float[layers][];
        wt = new float[layers][];
        b = new float[layers][];
        z = new float[layers][];
        a = new float[layers][];
        gw = new float[layers][];
        gb = new float[layers][];
        int rows = shape.rows();
        int widest = 0;
        int largest = 0;
        for (int l = 0; l < layers; l++) {
            int in = shape.in(l);
            int out = shape.out(l);
            w[l] = new float[in * out];
            wt[l] = l > 0 && in >= lanes ? new float[in * out] : null;
            b[l] = new float[out];
            z[l] = new float[rows * out];
            a[l] = l == layers - 1 ? z[l] : new float[rows * out];
            gw[l] = new float[in * out];
            gb[l] = new float[out];
            widest = Math.max(widest, out);
            largest = Math.max(largest, in * out);
        }
        x = new float[rows * shape.in(0)];
        y = new float[rows * shape.out(layers - 1)];
        g = new float[rows * widest];
        gPrev = new float[rows * widest];
        gwT = new float[largest];
    }

    /** Model k's pass; returns its loss. */
    @Override
    public double run(int k) {
        vector = vectorAllowed && PATH != 's';
        return pass(k);
    }

    private double pass(int k) {
        int layers = shape.layers();
        int rows = shape.rows();
        t.getParameters(shape, k, w, b);
        for (int l = 0; l < layers; l++) {
            int in = shape.in(l);
            int out = shape.out(l);
            if (wt[l] != null) {
                transpose(w[l], in, out, wt[l]);
            }
        }
        t.input().get((long) k * x.length, x, 0, x.length);
        t.target().get((long) k * y.length, y, 0, y.length);

        float[] input = x;
        for (int l = 0; l < layers; l++) {
            int in = shape.in(l);
            int out = shape.out(l);
            GemmF32.product(vector, z[l], 0, rows, out, input, 0, in, 1, w[l], 0, out, 1, in);
            Activation act = l == layers - 1 ? Activation.IDENTITY : shape.activation();
            Elementwise.biasActivation(vector, z[l], a[l], b[l], rows, out, act);
            input = a[l];
        }
        double loss = lossAndGradient(a[layers - 1], rows, shape.out(layers - 1));

        for (int l = layers - 1; l >= 0; l--) {
            int in = shape.in(l);
            int out = shape.out(l);
            float[] layerInput = l == 0 ? x : a[l - 1];
            // gW[i, j] = Σ_r input[r, i] g[r, j]; with fewer outputs than lanes, as gWᵀ (same sums, same order).
            if (out >= lanes || !vector) {
                GemmF32.product(vector, gw[l], 0, in, out, layerInput, 0, 1, in, g, 0, out, 1, rows);
            } else {
                GemmF32.product(vector, gwT, 0, out, in, g, 0, 1, out, layerInput, 0, in, 1, rows);
                transpose(gwT, out, in, gw[l]);
            }
            float[] bias = gb[l];
            if (vector && out >= lanes) {
                ActivationF32Vector.sumRows(g, rows, out, bias);
            } else {
                java.util.Arrays.fill(bias, 0f);
                for (int r = 0; r < rows; r++) {
                    int row = r * out;
                    for (int j = 0; j < out; j++) {
                        bias[j] += g[row + j];
                    }
                }
            }
            if (l > 0) {
                // gPrev[r, i] = Σ_j g[r, j] W[i, j], then times act'(z).
                if (wt[l] != null) {
                    GemmF32.product(vector, gPrev, 0, rows, in, g, 0, out, 1, wt[l], 0, in, 1, out);
                } else {
                    GemmF32.product(false, gPrev, 0, rows, in, g, 0, out, 1, w[l], 0, 1, out, out);
                }
                Elementwise.activationBackward(vector, gPrev, z[l - 1], a[l - 1], rows * in, shape.activation());
                float[] swap = g;
                g = gPrev;
                gPrev = swap;
            }
        }
        t.putGradients(shape, k, gw, gb);
        return loss;
    }

    private static void transpose(float[] m, int rows, int cols, float[] into) {
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                into[j * rows + i] = m[i * cols + j];
            }
        }
    }

    /** The loss of output o against y and its gradient into g, as {@code Nd4jBackend.lossAndGradient}. */
    private double lossAndGradient(float[] o, int rows, int cols) {
        if (shape.loss() == LossKind.MSE) {
            int n = rows * cols;
            return Elementwise.squaredErrors(o, y, g, n, n) / n;
        }
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            float max = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < cols; c++) {
                max = Math.max(max, o[row + c]);
            }
            double e = 0;
            for (int c = 0; c < cols; c++) {
                e += Math.exp((double) o[row + c] - max);
            }
            double logZ = max + Math.log(e);
            for (int c = 0; c < cols; c++) {
                double logP = o[row + c] - logZ;
                sum -= y[row + c] * logP;
                g[row + c] = (float) ((Math.exp(logP) - y[row + c]) / rows);
            }
        }
        return sum / rows;
    }
}
