package dev.scalelab.engine.cpu;

import dev.scalelab.core.spec.Activation;
import dev.scalelab.core.spec.LossKind;

/**
 * One model's forward pass, loss with its gradient, and backward pass in FP64, in Java arrays that stay in this
 * thread's cache: the model's weights, biases, batch and target are copied in, every gradient is written back.
 * One instance per thread and shape (its arrays are the scratch). Written as {@link MlpStepF32}, all scalar
 * (FP64 serves tests and gradient checks), with {@link Math}'s functions.
 */
final class MlpStepF64 implements ModelStep {
    private final FusedShape shape;
    private final FusedTensors t;
    private final double[][] w;
    private final double[][] b;
    private final double[][] z;
    private final double[][] a;
    private final double[][] gw;
    private final double[][] gb;
    private final double[] x;
    private final double[] y;
    private double[] g;
    private double[] gPrev;

    MlpStepF64(FusedShape shape, FusedTensors tensors) {
        this.shape = shape;
        this.t = tensors;
        int layers = shape.layers();
        w = new double[layers][];
        b = new double[layers][];
        z = new double[layers][];
        a = new double[layers][];
        gw = new double[layers][];
        gb = new double[layers][];
        int rows = shape.rows();
        int widest = 0;
        for (int l = 0; l < layers; l++) {
            int in = shape.in(l);
            int out = shape.out(l);
            w[l] = new double[in * out];
            b[l] = new double[out];
            z[l] = new double[rows * out];
            a[l] = l == layers - 1 ? z[l] : new double[rows * out];
            gw[l] = new double[in * out];
            gb[l] = new double[out];
            widest = Math.max(widest, out);
        }
        x = new double[rows * shape.in(0)];
        y = new double[rows * shape.out(layers - 1)];
        g = new double[rows * widest];
        gPrev = new double[rows * widest];
    }

    /** Model k's pass; returns its loss. */
    @Override
    public double run(int k) {
        int layers = shape.layers();
        int rows = shape.rows();
        t.getParameters(shape, k, w, b);
        t.input().get((long) k * x.length, x, 0, x.length);
        t.target().get((long) k * y.length, y, 0, y.length);

        double[] input = x;
        for (int l = 0; l < layers; l++) {
            int in = shape.in(l);
            int out = shape.out(l);
            GemmF64.product(z[l], 0, rows, out, input, 0, in, 1, w[l], 0, out, 1, in);
            Elementwise.biasActivation(z[l], a[l], b[l], rows, out,
                    l == layers - 1 ? Activation.IDENTITY : shape.activation());
            input = a[l];
        }
        double loss = lossAndGradient(a[layers - 1], rows, shape.out(layers - 1));

        for (int l = layers - 1; l >= 0; l--) {
            int in = shape.in(l);
            int out = shape.out(l);
            double[] layerInput = l == 0 ? x : a[l - 1];
            // gW[i, j] = Σ_r input[r, i] g[r, j]
            GemmF64.product(gw[l], 0, in, out, layerInput, 0, 1, in, g, 0, out, 1, rows);
            double[] bias = gb[l];
            java.util.Arrays.fill(bias, 0d);
            for (int r = 0; r < rows; r++) {
                int row = r * out;
                for (int j = 0; j < out; j++) {
                    bias[j] += g[row + j];
                }
            }
            if (l > 0) {
                // gPrev[r, i] = Σ_j g[r, j] W[i, j], then times act'(z).
                GemmF64.product(gPrev, 0, rows, in, g, 0, out, 1, w[l], 0, 1, out, out);
                Elementwise.activationBackward(gPrev, z[l - 1], a[l - 1], rows * in, shape.activation());
                double[] swap = g;
                g = gPrev;
                gPrev = swap;
            }
        }
        t.putGradients(shape, k, gw, gb);
        return loss;
    }

    /** The loss of output o against y and its gradient into g, as {@code Nd4jBackend.lossAndGradient}. */
    private double lossAndGradient(double[] o, int rows, int cols) {
        if (shape.loss() == LossKind.MSE) {
            int n = rows * cols;
            return Elementwise.squaredErrors(o, y, g, n, n) / n;
        }
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < cols; c++) {
                max = Math.max(max, o[row + c]);
            }
            double e = 0;
            for (int c = 0; c < cols; c++) {
                e += Math.exp(o[row + c] - max);
            }
            double logZ = max + Math.log(e);
            for (int c = 0; c < cols; c++) {
                double logP = o[row + c] - logZ;
                sum -= y[row + c] * logP;
                g[row + c] = (Math.exp(logP) - y[row + c]) / rows;
            }
        }
        return sum / rows;
    }
}
