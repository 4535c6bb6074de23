package dev.scalelab.engine.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link GemmF32}'s product with the Java Vector API: one vector of the preferred species holds consecutive
 * columns j of four rows i at a time (register blocking), each lane one fused multiply-add chain over p, as the
 * scalar kernel computes it. No lane reductions (their order is unspecified), no vector transcendentals.
 */
final class GemmF32Vector {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private GemmF32Vector() {
    }

    static int lanes() {
        return S.length();
    }

    /** Computes the columns 0 to the last full vector; returns how many columns are done. */
    static int product(float[] c, int cOff, int m, int n, float[] l, int lOff, int lrs, int lcs, float[] r,
                       int rOff, int rrs, int depth) {
        int lanes = S.length();
        int nv = n - n % lanes;
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            int l0 = lOff + i * lrs;
            int l1 = l0 + lrs;
            int l2 = l1 + lrs;
            int l3 = l2 + lrs;
            int c0 = cOff + i * n;
            for (int j = 0; j < nv; j += lanes) {
                FloatVector a0 = FloatVector.zero(S);
                FloatVector a1 = a0;
                FloatVector a2 = a0;
                FloatVector a3 = a0;
                int rp = rOff + j;
                int lp = 0;
                for (int p = 0; p < depth; p++, lp += lcs, rp += rrs) {
                    FloatVector rv = FloatVector.fromArray(S, r, rp);
                    a0 = FloatVector.broadcast(S, l[l0 + lp]).fma(rv, a0);
                    a1 = FloatVector.broadcast(S, l[l1 + lp]).fma(rv, a1);
                    a2 = FloatVector.broadcast(S, l[l2 + lp]).fma(rv, a2);
                    a3 = FloatVector.broadcast(S, l[l3 + lp]).fma(rv, a3);
                }
                a0.intoArray(c, c0 + j);
                a1.intoArray(c, c0 + n + j);
                a2.intoArray(c, c0 + 2 * n + j);
                a3.intoArray(c, c0 + 3 * n + j);
            }
        }
        for (; i < m; i++) {
            int l0 = lOff + i * lrs;
            int c0 = cOff + i * n;
            for (int j = 0; j < nv; j += lanes) {
                FloatVector a0 = FloatVector.zero(S);
                int rp = rOff + j;
                int lp = l0;
                for (int p = 0; p < depth; p++, lp += lcs, rp += rrs) {
                    a0 = FloatVector.broadcast(S, l[lp]).fma(FloatVector.fromArray(S, r, rp), a0);
                }
                a0.intoArray(c, c0 + j);
            }
        }
        return nv;
    }
}
