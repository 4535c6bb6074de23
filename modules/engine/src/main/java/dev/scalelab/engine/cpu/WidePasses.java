package dev.scalelab.engine.cpu;

import dev.scalelab.core.spec.Activation;

/**
 * The elementwise primitives of the GEMM path (layers too wide for the fused pass, whose products stay on
 * OpenBLAS) as one pass each over the tensors, spread over {@link CpuPool}: bias + activation over a GEMM's output
 * (z += b, a = act(z) in the same pass), the activation's derivative in the backward pass, the bias gradient (sum
 * over rows) and the MSE loss with its gradient. Each work item copies a slice of a few thousand elements into this
 * thread's arrays (they stay in L1/L2), computes it with {@link Elementwise}'s loops (the FP32 vector kernels for ReLU
 * and identity) and writes it back: no temporaries the size of a tensor, no allocation per call, no native call per
 * op. Every element (and every column's sum, over rows in order) is computed by one thread the same way whatever the
 * thread count: the same bits run to run, and K batched equals one by one.
 */
public final class WidePasses {
    /** Elements per work item (a slice of whole rows where rows are shorter). */
    static final int CHUNK = 8192;
    /** Columns per work item of a sum over rows. */
    static final int COLUMN_BLOCK = 256;
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private WidePasses() {
    }

    /**
     * For K = {@code models} [rows, cols] slices: z += bias (bias [K, 1, cols], broadcast over rows), then a = act(z);
     * {@code a} may be the same memory as {@code z}.
     */
    public static void biasActivation(boolean doubles, int models, int rows, int cols, HostMemory z, HostMemory bias,
                                      Activation act, HostMemory a) {
        int rowsPerItem = Math.max(1, CHUNK / Math.max(1, cols));
        int itemsPerModel = (rows + rowsPerItem - 1) / rowsPerItem;
        boolean vector = VectorSupport.available();
        boolean inPlace = a == z;
        CpuPool.forEach(models * itemsPerModel, item -> {
            int k = item / itemsPerModel;
            int firstRow = (item % itemsPerModel) * rowsPerItem;
            int n = Math.min(rowsPerItem, rows - firstRow);
            int count = n * cols;
            long start = ((long) k * rows + firstRow) * cols;
            Scratch s = SCRATCH.get();
            if (doubles) {
                double[] zs = s.d(0, count);
                double[] as = inPlace ? zs : s.d(1, count);
                double[] bs = s.d(2, cols);
                z.get(start, zs, 0, count);
                bias.get((long) k * cols, bs, 0, cols);
                Elementwise.biasActivation(zs, as, bs, n, cols, act);
                z.put(start, zs, 0, count);
                if (!inPlace) {
                    a.put(start, as, 0, count);
                }
            } else {
                float[] zs = s.f(0, count);
                float[] as = inPlace ? zs : s.f(1, count);
                float[] bs = s.f(2, cols);
                z.get(start, zs, 0, count);
                bias.get((long) k * cols, bs, 0, cols);
                Elementwise.biasActivation(vector, zs, as, bs, n, cols, act);
                z.put(start, zs, 0, count);
                if (!inPlace) {
                    a.put(start, as, 0, count);
                }
            }
        });
    }

    /** gradZ = gradA ⊙ act'(z), from z and a = act(z), over {@code length} elements; gradZ may be gradA. */
    public static void activationBackward(boolean doubles, long length, HostMemory gradA, HostMemory z, HostMemory a,
                                          Activation act, HostMemory gradZ) {
        if (act == Activation.IDENTITY && gradA == gradZ) {
            return;
        }
        boolean needZ = act == Activation.RELU || act == Activation.REQU || act == Activation.GAUSSIAN;
        boolean needA = act == Activation.SIGMOID || act == Activation.TANH || act == Activation.GAUSSIAN;
        boolean vector = VectorSupport.available();
        chunks(length, (s, start, n) -> {
            if (doubles) {
                double[] g = s.d(0, n);
                double[] zs = s.d(1, n);
                double[] as = s.d(2, n);
                gradA.get(start, g, 0, n);
                if (needZ) {
                    z.get(start, zs, 0, n);
                }
                if (needA) {
                    a.get(start, as, 0, n);
                }
                Elementwise.activationBackward(g, zs, as, n, act);
                gradZ.put(start, g, 0, n);
            } else {
                float[] g = s.f(0, n);
                float[] zs = s.f(1, n);
                float[] as = s.f(2, n);
                gradA.get(start, g, 0, n);
                if (needZ) {
                    z.get(start, zs, 0, n);
                }
                if (needA) {
                    a.get(start, as, 0, n);
                }
                Elementwise.activationBackward(vector, g, zs, as, n, act);
                gradZ.put(start, g, 0, n);
            }
        });
    }

    /**
     * out[k, 0, j] = Σ_r g[k, r, j] for K = {@code models} [rows, cols] slices: each column summed over the rows in
     * order, in FP64 (then rounded to FP32 for FP32 tensors).
     */
    public static void sumRows(boolean doubles, int models, int rows, int cols, HostMemory g, HostMemory out) {
        int block = Math.min(cols, COLUMN_BLOCK);
        int blocks = (cols + block - 1) / block;
        CpuPool.forEach(models * blocks, item -> {
            int k = item / blocks;
            int first = (item % blocks) * block;
            int width = Math.min(block, cols - first);
            Scratch s = SCRATCH.get();
            double[] acc = s.d(3, width);
            java.util.Arrays.fill(acc, 0, width, 0.0);
            // Whole rows at a time when the block is the full width, else one row's block at a time.
            int rowsPerRead = width == cols ? Math.max(1, CHUNK / cols) : 1;
            long base = (long) k * rows * cols;
            for (int r = 0; r < rows; r += rowsPerRead) {
                int n = Math.min(rowsPerRead, rows - r);
                int count = n == 1 ? width : n * cols;
                long start = base + (long) r * cols + first;
                if (doubles) {
                    double[] v = s.d(0, count);
                    g.get(start, v, 0, count);
                    for (int i = 0; i < n; i++) {
                        int row = i * cols;
                        for (int j = 0; j < width; j++) {
                            acc[j] += v[row + j];
                        }
                    }
                } else {
                    float[] v = s.f(0, count);
                    g.get(start, v, 0, count);
                    for (int i = 0; i < n; i++) {
                        int row = i * cols;
                        for (int j = 0; j < width; j++) {
                            acc[j] += v[row + j];
                        }
                    }
                }
            }
            if (doubles) {
                out.put((long) k * cols + first, acc, 0, width);
            } else {
                float[] f = s.f(1, width);
                for (int j = 0; j < width; j++) {
                    f[j] = (float) acc[j];
                }
                out.put((long) k * cols + first, f, 0, width);
            }
        });
    }

    /**
     * The MSE of K = {@code models} [rows, cols] outputs against their targets (the mean over each model's
     * elements) and, when {@code gradient} is not null, its gradient 2 (o − y) / (rows · cols). Returns the K losses.
     */
    public static double[] mse(boolean doubles, int models, int rows, int cols, HostMemory output, HostMemory target,
                               HostMemory gradient) {
        int count = rows * cols;
        double[] losses = new double[models];
        CpuPool.forEach(models, k -> {
            Scratch s = SCRATCH.get();
            double sum = 0;
            long base = (long) k * count;
            for (int done = 0; done < count; done += CHUNK) {
                int n = Math.min(CHUNK, count - done);
                if (doubles) {
                    double[] o = s.d(0, n);
                    double[] y = s.d(1, n);
                    output.get(base + done, o, 0, n);
                    target.get(base + done, y, 0, n);
                    sum += Elementwise.squaredErrors(o, y, gradient == null ? null : o, n, count);
                    if (gradient != null) {
                        gradient.put(base + done, o, 0, n);
                    }
                } else {
                    float[] o = s.f(0, n);
                    float[] y = s.f(1, n);
                    output.get(base + done, o, 0, n);
                    target.get(base + done, y, 0, n);
                    sum += Elementwise.squaredErrors(o, y, gradient == null ? null : o, n, count);
                    if (gradient != null) {
                        gradient.put(base + done, o, 0, n);
                    }
                }
            }
            losses[k] = sum / count;
        });
        return losses;
    }

    private static void chunks(long length, PooledChunks.Body<Scratch> body) {
        PooledChunks.forEach(length, CHUNK, SCRATCH, body);
    }

    /** One thread's slices, grown on demand. */
    private static final class Scratch {
        private final float[][] floats = new float[4][CHUNK];
        private final double[][] doubles = new double[4][CHUNK];

        float[] f(int i, int length) {
            if (floats[i].length < length) {
                floats[i] = new float[length];
            }
            return floats[i];
        }

        double[] d(int i, int length) {
            if (doubles[i].length < length) {
                doubles[i] = new double[length];
            }
            return doubles[i];
        }
    }
}
