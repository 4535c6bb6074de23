package dev.scalelab.engine.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link NarrowStepF32}'s kernels with the Java Vector API, on activations kept feature-major (one contiguous row
 * of {@code p} batch rows per unit, p a multiple of {@link NarrowStepF32#BLOCK} = 16): one 512-bit vector holds 16
 * consecutive batch rows. Products over units are one fused multiply-add chain per element (broadcast weight ×
 * row vector), as the scalar path computes them; sums over batch rows (weight and bias gradients) accumulate lane
 * j over the rows ≡ j mod 16 and then add the 16 lanes in a fixed tree (lane j + lane j + 8, then + 4, + 2, + 1)
 * after storing them: no {@code reduceLanes}, whose order is unspecified. Used only where the preferred
 * species has 16 float lanes (AVX-512); elsewhere the scalar path computes the same bits.
 */
final class NarrowF32Vector {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_512;

    private NarrowF32Vector() {
    }

    /** Whether this machine's preferred float species is the 16-lane one these kernels use. */
    static boolean usable() {
        return FloatVector.SPECIES_PREFERRED.length() == NarrowStepF32.BLOCK;
    }

    /**
     * z[c][r] = (Σ_i w[i][c] x[i][r]) + b[c] for every unit c &lt; out and row r &lt; p; with {@code relu}, a =
     * max(z, 0) as well (else a is not written).
     */
    static void forward(float[] w, float[] b, int in, int out, float[] x, int p, float[] z, float[] a,
                        boolean relu) {
        FloatVector zero = FloatVector.zero(S);
        for (int c = 0; c < out; c++) {
            FloatVector bias = FloatVector.broadcast(S, b[c]);
            int zc = c * p;
            int v = 0;
            for (; v + 64 <= p; v += 64) {
                FloatVector a0 = zero;
                FloatVector a1 = zero;
                FloatVector a2 = zero;
                FloatVector a3 = zero;
                for (int i = 0, xi = v, wi = c; i < in; i++, xi += p, wi += out) {
                    FloatVector wv = FloatVector.broadcast(S, w[wi]);
                    a0 = wv.fma(FloatVector.fromArray(S, x, xi), a0);
                    a1 = wv.fma(FloatVector.fromArray(S, x, xi + 16), a1);
                    a2 = wv.fma(FloatVector.fromArray(S, x, xi + 32), a2);
                    a3 = wv.fma(FloatVector.fromArray(S, x, xi + 48), a3);
                }
                store(a0.add(bias), z, a, zc + v, relu, zero);
                store(a1.add(bias), z, a, zc + v + 16, relu, zero);
                store(a2.add(bias), z, a, zc + v + 32, relu, zero);
                store(a3.add(bias), z, a, zc + v + 48, relu, zero);
            }
            for (; v < p; v += 16) {
                FloatVector a0 = zero;
                for (int i = 0, xi = v, wi = c; i < in; i++, xi += p, wi += out) {
                    a0 = FloatVector.broadcast(S, w[wi]).fma(FloatVector.fromArray(S, x, xi), a0);
                }
                store(a0.add(bias), z, a, zc + v, relu, zero);
            }
        }
    }

    private static void store(FloatVector v, float[] z, float[] a, int at, boolean relu, FloatVector zero) {
        v.intoArray(z, at);
        if (relu) {
            v.max(zero).intoArray(a, at);
        }
    }

    /** d[i][r] = Σ_c w[i][c] g[c][r] (one chain over c from 0) for every i &lt; in, r &lt; p. */
    static void backData(float[] w, int in, int out, float[] g, int p, float[] d) {
        FloatVector zero = FloatVector.zero(S);
        for (int i = 0; i < in; i++) {
            int wi = i * out;
            int di = i * p;
            int v = 0;
            for (; v + 64 <= p; v += 64) {
                FloatVector a0 = zero;
                FloatVector a1 = zero;
                FloatVector a2 = zero;
                FloatVector a3 = zero;
                for (int c = 0, gc = v; c < out; c++, gc += p) {
                    FloatVector wv = FloatVector.broadcast(S, w[wi + c]);
                    a0 = wv.fma(FloatVector.fromArray(S, g, gc), a0);
                    a1 = wv.fma(FloatVector.fromArray(S, g, gc + 16), a1);
                    a2 = wv.fma(FloatVector.fromArray(S, g, gc + 32), a2);
                    a3 = wv.fma(FloatVector.fromArray(S, g, gc + 48), a3);
                }
                a0.intoArray(d, di + v);
                a1.intoArray(d, di + v + 16);
                a2.intoArray(d, di + v + 32);
                a3.intoArray(d, di + v + 48);
            }
            for (; v < p; v += 16) {
                FloatVector a0 = zero;
                for (int c = 0, gc = v; c < out; c++, gc += p) {
                    a0 = FloatVector.broadcast(S, w[wi + c]).fma(FloatVector.fromArray(S, g, gc), a0);
                }
                a0.intoArray(d, di + v);
            }
        }
    }

    /** gw[i][c] = Σ_r x[i][r] g[c][r], lane-blocked over r, for every i &lt; in, c &lt; out. */
    static void weightGradient(float[] x, int in, float[] g, int out, int p, float[] gw, float[] lanes) {
        FloatVector zero = FloatVector.zero(S);
        for (int i = 0; i < in; i++) {
            int xi = i * p;
            int wi = i * out;
            int c = 0;
            for (; c + 4 <= out; c += 4) {
                FloatVector a0 = zero;
                FloatVector a1 = zero;
                FloatVector a2 = zero;
                FloatVector a3 = zero;
                int g0 = c * p;
                for (int v = 0; v < p; v += 16) {
                    FloatVector xv = FloatVector.fromArray(S, x, xi + v);
                    a0 = xv.fma(FloatVector.fromArray(S, g, g0 + v), a0);
                    a1 = xv.fma(FloatVector.fromArray(S, g, g0 + p + v), a1);
                    a2 = xv.fma(FloatVector.fromArray(S, g, g0 + 2 * p + v), a2);
                    a3 = xv.fma(FloatVector.fromArray(S, g, g0 + 3 * p + v), a3);
                }
                gw[wi + c] = tree(a0, lanes);
                gw[wi + c + 1] = tree(a1, lanes);
                gw[wi + c + 2] = tree(a2, lanes);
                gw[wi + c + 3] = tree(a3, lanes);
            }
            for (; c < out; c++) {
                FloatVector a0 = zero;
                int g0 = c * p;
                for (int v = 0; v < p; v += 16) {
                    a0 = FloatVector.fromArray(S, x, xi + v).fma(FloatVector.fromArray(S, g, g0 + v), a0);
                }
                gw[wi + c] = tree(a0, lanes);
            }
        }
    }

    /** gb[c] = Σ_r g[c][r], lane-blocked over r. */
    static void biasGradient(float[] g, int out, int p, float[] gb, float[] lanes) {
        for (int c = 0; c < out; c++) {
            FloatVector a0 = FloatVector.zero(S);
            int g0 = c * p;
            for (int v = 0; v < p; v += 16) {
                a0 = a0.add(FloatVector.fromArray(S, g, g0 + v));
            }
            gb[c] = tree(a0, lanes);
        }
    }

    /**
     * The 16 lanes added in {@link NarrowStepF32#tree}'s order, stored and added as scalars: a shuffle tree
     * ({@code rearrange}) costs as much once compiled, and far more before C2 has compiled it.
     */
    private static float tree(FloatVector v, float[] lanes) {
        v.intoArray(lanes, 0);
        return NarrowStepF32.tree(lanes);
    }
}
