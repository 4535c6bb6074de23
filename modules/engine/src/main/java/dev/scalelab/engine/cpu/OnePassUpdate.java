package dev.scalelab.engine.cpu;

/**
 * Optimizer steps and masks as one pass over contiguous host buffers (the optimizer's one buffer over all
 * parameters, or one tensor): chunks of {@value #CHUNK} elements are spread over {@link CpuPool}, each read into
 * a thread's arrays, updated in one loop and written back. Rates are per element (the tensor's own length) or per
 * model (K values, element i belonging to model i / perModel). A rate of 0 freezes: the parameter is not
 * changed at all (not even by a NaN step), while the moments update as on every backend. Elementwise, so the
 * result does not depend on the chunking or the threads.
 */
public final class OnePassUpdate {
    static final int CHUNK = 4096;
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);
    /**
     * The FP32 Adam loop with the Vector API where it is there (same bits as the scalar loop, which C2 does not
     * vectorise); {@code -Dscalelab.cpu.path=scalar} runs the scalar loop.
     */
    private static final boolean VECTOR = VectorSupport.available()
            && !System.getProperty("scalelab.cpu.path", "auto").startsWith("s");

    /** The rates of one step: per element (the tensor's length) or per model (K values). */
    public record Rates(HostMemory memory, long length, long perModel) {
        public Rates {
            if (perModel < 1) {
                throw new IllegalArgumentException("elements per model must be ≥ 1, got " + perModel);
            }
        }
    }

    private OnePassUpdate() {
    }

    /** torch.optim.Adam's step t on {@code length} elements (see {@code ComputeBackend.adamStep}). */
    public static void adam(boolean doubles, long length, HostMemory p, HostMemory g, HostMemory m, HostMemory v,
                            Rates rates, double beta1, double beta2, double epsilon, long t) {
        double bias1 = 1 - Math.pow(beta1, t);
        double sqrtBias2 = Math.sqrt(1 - Math.pow(beta2, t));
        double[] modelRates = modelRates(doubles, length, rates);
        chunks(length, (s, start, n) -> {
            if (doubles) {
                p.get(start, s.d0, 0, n);
                g.get(start, s.d1, 0, n);
                m.get(start, s.d2, 0, n);
                v.get(start, s.d3, 0, n);
                double[] lr = rates(s, start, n, rates, modelRates);
                for (int i = 0; i < n; i++) {
                    double gi = s.d1[i];
                    double mi = beta1 * s.d2[i] + (1 - beta1) * gi;
                    double vi = beta2 * s.d3[i] + (1 - beta2) * gi * gi;
                    s.d2[i] = mi;
                    s.d3[i] = vi;
                    if (lr[i] != 0) {
                        s.d0[i] = s.d0[i] - lr[i] / bias1 * mi / (Math.sqrt(vi) / sqrtBias2 + epsilon);
                    }
                }
                p.put(start, s.d0, 0, n);
                m.put(start, s.d2, 0, n);
                v.put(start, s.d3, 0, n);
            } else {
                p.get(start, s.f0, 0, n);
                g.get(start, s.f1, 0, n);
                m.get(start, s.f2, 0, n);
                v.get(start, s.f3, 0, n);
                float[] lr = floatRates(s, start, n, rates, modelRates);
                float b1 = (float) beta1;
                float c1 = (float) (1 - beta1);
                float b2 = (float) beta2;
                float c2 = (float) (1 - beta2);
                float inverseBias1 = (float) (1 / bias1);
                float inverseSqrtBias2 = (float) (1 / sqrtBias2);
                float eps = (float) epsilon;
                float[] pf = s.f0;
                float[] gf = s.f1;
                float[] mf = s.f2;
                float[] vf = s.f3;
                int done = VECTOR ? UpdateF32Vector.adam(pf, gf, mf, vf, lr, n, b1, c1, b2, c2, inverseBias1,
                        inverseSqrtBias2, eps) : 0;
                for (int i = done; i < n; i++) {
                    float gi = gf[i];
                    float mi = b1 * mf[i] + c1 * gi;
                    float vi = b2 * vf[i] + c2 * gi * gi;
                    mf[i] = mi;
                    vf[i] = vi;
                    float step = lr[i] * inverseBias1 * mi / ((float) Math.sqrt(vi) * inverseSqrtBias2 + eps);
                    pf[i] = lr[i] != 0 ? pf[i] - step : pf[i];
                }
                p.put(start, pf, 0, n);
                m.put(start, mf, 0, n);
                v.put(start, vf, 0, n);
            }
        });
    }

    /** torch.optim.SGD: buf = momentum·buf + grad; param -= lr·buf ({@code buf} unused, may be null, if momentum 0). */
    public static void sgd(boolean doubles, long length, HostMemory p, HostMemory g, HostMemory buf, Rates rates,
                           double momentum) {
        double[] modelRates = modelRates(doubles, length, rates);
        boolean withBuffer = momentum != 0;
        chunks(length, (s, start, n) -> {
            if (doubles) {
                p.get(start, s.d0, 0, n);
                g.get(start, s.d1, 0, n);
                if (withBuffer) {
                    buf.get(start, s.d2, 0, n);
                }
                double[] lr = rates(s, start, n, rates, modelRates);
                for (int i = 0; i < n; i++) {
                    double d = s.d1[i];
                    if (withBuffer) {
                        d = momentum * s.d2[i] + d;
                        s.d2[i] = d;
                    }
                    if (lr[i] != 0) {
                        s.d0[i] = s.d0[i] - lr[i] * d;
                    }
                }
                p.put(start, s.d0, 0, n);
                if (withBuffer) {
                    buf.put(start, s.d2, 0, n);
                }
            } else {
                p.get(start, s.f0, 0, n);
                g.get(start, s.f1, 0, n);
                if (withBuffer) {
                    buf.get(start, s.f2, 0, n);
                }
                float[] lr = floatRates(s, start, n, rates, modelRates);
                float mom = (float) momentum;
                for (int i = 0; i < n; i++) {
                    float d = s.f1[i];
                    if (withBuffer) {
                        d = mom * s.f2[i] + d;
                        s.f2[i] = d;
                    }
                    s.f0[i] = lr[i] != 0 ? s.f0[i] - lr[i] * d : s.f0[i];
                }
                p.put(start, s.f0, 0, n);
                if (withBuffer) {
                    buf.put(start, s.f2, 0, n);
                }
            }
        });
    }

    /** param ⊙= mask. */
    public static void mask(boolean doubles, long length, HostMemory p, HostMemory mask) {
        chunks(length, (s, start, n) -> {
            if (doubles) {
                p.get(start, s.d0, 0, n);
                mask.get(start, s.d1, 0, n);
                for (int i = 0; i < n; i++) {
                    s.d0[i] *= s.d1[i];
                }
                p.put(start, s.d0, 0, n);
            } else {
                p.get(start, s.f0, 0, n);
                mask.get(start, s.f1, 0, n);
                for (int i = 0; i < n; i++) {
                    s.f0[i] *= s.f1[i];
                }
                p.put(start, s.f0, 0, n);
            }
        });
    }

    /** The K per-model rates, read once; null for per-element rates. */
    private static double[] modelRates(boolean doubles, long length, Rates rates) {
        if (rates.length() == length) {
            return null;
        }
        if (rates.length() * rates.perModel() != length) {
            throw new IllegalArgumentException(rates.length() + " learning rates fit neither " + length
                    + " elements nor their models of " + rates.perModel());
        }
        double[] values = new double[(int) rates.length()];
        if (doubles) {
            rates.memory().get(0, values, 0, values.length);
        } else {
            float[] f = new float[values.length];
            rates.memory().get(0, f, 0, f.length);
            for (int i = 0; i < f.length; i++) {
                values[i] = f[i];
            }
        }
        return values;
    }

    private static double[] rates(Scratch s, long start, int n, Rates rates, double[] modelRates) {
        if (modelRates == null) {
            rates.memory().get(start, s.d4, 0, n);
        } else {
            // One fill per model the chunk touches (a division per element cost more than the whole Adam step).
            for (int i = 0; i < n; ) {
                long model = (start + i) / rates.perModel();
                int end = (int) Math.min(n, (model + 1) * rates.perModel() - start);
                java.util.Arrays.fill(s.d4, i, end, modelRates[(int) model]);
                i = end;
            }
        }
        return s.d4;
    }

    private static float[] floatRates(Scratch s, long start, int n, Rates rates, double[] modelRates) {
        if (modelRates == null) {
            rates.memory().get(start, s.f4, 0, n);
        } else {
            for (int i = 0; i < n; ) {
                long model = (start + i) / rates.perModel();
                int end = (int) Math.min(n, (model + 1) * rates.perModel() - start);
                java.util.Arrays.fill(s.f4, i, end, (float) modelRates[(int) model]);
                i = end;
            }
        }
        return s.f4;
    }

    private static void chunks(long length, PooledChunks.Body<Scratch> body) {
        PooledChunks.forEach(length, CHUNK, SCRATCH, body);
    }

    /** One thread's chunk arrays. */
    private static final class Scratch {
        final float[] f0 = new float[CHUNK];
        final float[] f1 = new float[CHUNK];
        final float[] f2 = new float[CHUNK];
        final float[] f3 = new float[CHUNK];
        final float[] f4 = new float[CHUNK];
        final double[] d0 = new double[CHUNK];
        final double[] d1 = new double[CHUNK];
        final double[] d2 = new double[CHUNK];
        final double[] d3 = new double[CHUNK];
        final double[] d4 = new double[CHUNK];
    }
}
