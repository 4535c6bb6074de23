package dev.scalelab.engine.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link OnePassUpdate}'s FP32 Adam loop with the Java Vector API: the same operations in the same order per
 * element (separate multiplies and adds, IEEE division and square root), so the same bits as the scalar loop; a
 * rate of 0 leaves the parameter as it was by a blend (C2 does not vectorise the scalar loop's conditional).
 */
final class UpdateF32Vector {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private UpdateF32Vector() {
    }

    /** Returns how many leading elements it did (a whole number of vectors); the caller does the rest. */
    static int adam(float[] p, float[] g, float[] m, float[] v, float[] lr, int n, float b1, float c1, float b2,
                    float c2, float inverseBias1, float inverseSqrtBias2, float eps) {
        int lanes = S.length();
        int nv = n - n % lanes;
        for (int i = 0; i < nv; i += lanes) {
            FloatVector gi = FloatVector.fromArray(S, g, i);
            FloatVector mi = FloatVector.fromArray(S, m, i).mul(b1).add(gi.mul(c1));
            FloatVector vi = FloatVector.fromArray(S, v, i).mul(b2).add(gi.mul(c2).mul(gi));
            mi.intoArray(m, i);
            vi.intoArray(v, i);
            FloatVector rate = FloatVector.fromArray(S, lr, i);
            FloatVector step = rate.mul(inverseBias1).mul(mi)
                    .div(vi.lanewise(VectorOperators.SQRT).mul(inverseSqrtBias2).add(eps));
            FloatVector pi = FloatVector.fromArray(S, p, i);
            VectorMask<Float> frozen = rate.compare(VectorOperators.EQ, 0f);
            pi.sub(step).blend(pi, frozen).intoArray(p, i);
        }
        return nv;
    }
}
