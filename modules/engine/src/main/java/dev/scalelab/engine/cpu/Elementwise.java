package dev.scalelab.engine.cpu;

import dev.scalelab.core.spec.Activation;

/**
 * The elementwise parts of a layer on Java arrays, FP32 and FP64, as {@code Nd4jBackend}'s primitives define them:
 * bias + activation after a product, the activation's derivative in the backward pass, and the MSE loss with its
 * gradient. Shared by the fused small-model pass ({@link MlpStepF32}, {@link MlpStepF64}) and the passes over wide
 * layers' GEMM outputs ({@link WidePasses}). Scalar loops with {@link Math}'s functions; the FP32 vector kernels of
 * ReLU and identity ({@link ActivationF32Vector}) do the same operations element for element (same bits).
 *
 * <p>The F32 and F64 versions are written twice on purpose: Java generics cannot range over {@code float[]} and
 * {@code double[]}, and a version over boxed values or over a functional interface per element would be many
 * times slower (these loops run over every activation of every step).
 */
final class Elementwise {
    private Elementwise() {
    }

    /**
     * As {@link #biasActivation(float[], float[], float[], int, int, Activation)}; ReLU and identity on the Vector
     * API when {@code vector} allows it (same bits).
     */
    static void biasActivation(boolean vector, float[] z, float[] a, float[] b, int rows, int cols, Activation act) {
        if (vector && (act == Activation.RELU || act == Activation.IDENTITY)) {
            ActivationF32Vector.biasActivation(z, a, b, rows, cols, act == Activation.RELU);
        } else {
            biasActivation(z, a, b, rows, cols, act);
        }
    }

    /** z += b (broadcast over rows), a = act(z); a may be z. */
    static void biasActivation(float[] z, float[] a, float[] b, int rows, int cols, Activation act) {
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            for (int j = 0; j < cols; j++) {
                z[row + j] += b[j];
            }
        }
        activation(z, a, rows * cols, act);
    }

    /** a = act(z) for the first n elements; a may be z. */
    static void activation(float[] z, float[] a, int n, Activation act) {
        switch (act) {
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    a[i] = Math.max(z[i], 0f);
                }
            }
            case REQU -> {
                for (int i = 0; i < n; i++) {
                    float v = Math.max(z[i], 0f);
                    a[i] = v * v;
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < n; i++) {
                    a[i] = (float) (1.0 / (1.0 + Math.exp(-z[i])));
                }
            }
            case TANH -> {
                for (int i = 0; i < n; i++) {
                    a[i] = (float) Math.tanh(z[i]);
                }
            }
            case GAUSSIAN -> {
                for (int i = 0; i < n; i++) {
                    a[i] = (float) Math.exp(-(z[i] * z[i]));
                }
            }
            case IDENTITY -> {
                if (a != z) {
                    System.arraycopy(z, 0, a, 0, n);
                }
            }
        }
    }

    static void biasActivation(double[] z, double[] a, double[] b, int rows, int cols, Activation act) {
        int n = rows * cols;
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            for (int j = 0; j < cols; j++) {
                z[row + j] += b[j];
            }
        }
        switch (act) {
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    a[i] = Math.max(z[i], 0d);
                }
            }
            case REQU -> {
                for (int i = 0; i < n; i++) {
                    double v = Math.max(z[i], 0d);
                    a[i] = v * v;
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < n; i++) {
                    a[i] = 1.0 / (1.0 + Math.exp(-z[i]));
                }
            }
            case TANH -> {
                for (int i = 0; i < n; i++) {
                    a[i] = Math.tanh(z[i]);
                }
            }
            case GAUSSIAN -> {
                for (int i = 0; i < n; i++) {
                    a[i] = Math.exp(-(z[i] * z[i]));
                }
            }
            case IDENTITY -> {
                if (a != z) {
                    System.arraycopy(z, 0, a, 0, n);
                }
            }
        }
    }

    /**
     * As {@link #activationBackward(float[], float[], float[], int, Activation)}; ReLU on the Vector API when
     * {@code vector} allows it (same bits).
     */
    static void activationBackward(boolean vector, float[] g, float[] z, float[] a, int n, Activation act) {
        if (vector && act == Activation.RELU) {
            ActivationF32Vector.reluBackward(g, z, n);
        } else {
            activationBackward(g, z, a, n, act);
        }
    }

    /** g ⊙= act'(z), from z and a = act(z), for the first n elements. */
    static void activationBackward(float[] g, float[] z, float[] a, int n, Activation act) {
        switch (act) {
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    g[i] *= z[i] > 0 ? 1f : 0f;
                }
            }
            case REQU -> {
                for (int i = 0; i < n; i++) {
                    g[i] *= Math.max(z[i], 0f) * 2f;
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < n; i++) {
                    g[i] *= (1f - a[i]) * a[i];
                }
            }
            case TANH -> {
                for (int i = 0; i < n; i++) {
                    g[i] *= 1f - a[i] * a[i];
                }
            }
            case GAUSSIAN -> {
                for (int i = 0; i < n; i++) {
                    g[i] *= z[i] * a[i] * -2f;
                }
            }
            case IDENTITY -> {
            }
        }
    }

    static void activationBackward(double[] g, double[] z, double[] a, int n, Activation act) {
        switch (act) {
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    g[i] *= z[i] > 0 ? 1d : 0d;
                }
            }
            case REQU -> {
                for (int i = 0; i < n; i++) {
                    g[i] *= Math.max(z[i], 0d) * 2d;
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < n; i++) {
                    g[i] *= (1d - a[i]) * a[i];
                }
            }
            case TANH -> {
                for (int i = 0; i < n; i++) {
                    g[i] *= 1d - a[i] * a[i];
                }
            }
            case GAUSSIAN -> {
                for (int i = 0; i < n; i++) {
                    g[i] *= z[i] * a[i] * -2d;
                }
            }
            case IDENTITY -> {
            }
        }
    }

    /**
     * Σ (o − y)² over the first n elements (summed in FP64) and, when g is not null, g = (o − y) · 2 / {@code
     * count}: the MSE's sum of squares and its gradient for a mean over {@code count} elements.
     */
    static double squaredErrors(float[] o, float[] y, float[] g, int n, int count) {
        float scale = (float) (2.0 / count);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float d = o[i] - y[i];
            sum += (double) d * d;
            if (g != null) {
                g[i] = d * scale;
            }
        }
        return sum;
    }

    static double squaredErrors(double[] o, double[] y, double[] g, int n, int count) {
        double scale = 2.0 / count;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double d = o[i] - y[i];
            sum += d * d;
            if (g != null) {
                g[i] = d * scale;
            }
        }
        return sum;
    }
}
