package dev.scalelab.engine.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * ReLU and identity of {@link MlpStepF32} with the Vector API, element for element the same operations as its
 * scalar loops (so the same bits): no branches on the sign of z, which random data mispredicts half the time.
 */
final class ActivationF32Vector {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private ActivationF32Vector() {
    }

    /** z += b (broadcast over rows), a = relu(z) or z; a may be z. */
    static void biasActivation(float[] z, float[] a, float[] b, int rows, int cols, boolean relu) {
        int lanes = S.length();
        int cv = cols - cols % lanes;
        FloatVector zero = FloatVector.zero(S);
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            int j = 0;
            for (; j < cv; j += lanes) {
                FloatVector v = FloatVector.fromArray(S, z, row + j).add(FloatVector.fromArray(S, b, j));
                v.intoArray(z, row + j);
                if (relu) {
                    v.max(zero).intoArray(a, row + j);
                } else if (a != z) {
                    v.intoArray(a, row + j);
                }
            }
            for (; j < cols; j++) {
                float v = z[row + j] + b[j];
                z[row + j] = v;
                a[row + j] = relu ? Math.max(v, 0f) : v;
            }
        }
    }

    /** g *= (z &gt; 0 ? 1 : 0). */
    static void reluBackward(float[] g, float[] z, int n) {
        int lanes = S.length();
        int nv = n - n % lanes;
        FloatVector zero = FloatVector.zero(S);
        FloatVector one = FloatVector.broadcast(S, 1f);
        int i = 0;
        for (; i < nv; i += lanes) {
            VectorMask<Float> positive = FloatVector.fromArray(S, z, i).compare(VectorOperators.GT, 0f);
            FloatVector.fromArray(S, g, i).mul(zero.blend(one, positive)).intoArray(g, i);
        }
        for (; i < n; i++) {
            g[i] *= z[i] > 0 ? 1f : 0f;
        }
    }

    /**
     * bias[j] = Σ_r g[r, j] for the columns j &lt; {@code cols} of a row-major [rows, cols] array, in the order
     * of the scalar loop (each column's sum from 0 over r = 0, 1, ...), a vector of columns at a time; the
     * columns past the last whole vector scalar.
     */
    static void sumRows(float[] g, int rows, int cols, float[] bias) {
        int lanes = S.length();
        int cv = cols - cols % lanes;
        for (int j = 0; j < cv; j += lanes) {
            FloatVector acc = FloatVector.zero(S);
            for (int r = 0, at = j; r < rows; r++, at += cols) {
                acc = acc.add(FloatVector.fromArray(S, g, at));
            }
            acc.intoArray(bias, j);
        }
        for (int j = cv; j < cols; j++) {
            float acc = 0f;
            for (int r = 0, at = j; r < rows; r++, at += cols) {
                acc += g[at];
            }
            bias[j] = acc;
        }
    }
}
