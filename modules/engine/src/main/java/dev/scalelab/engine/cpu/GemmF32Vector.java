package dev.scalelab.engine.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link GemmF32}'s product with the Java Vector API: one vector holds consecutive columns j of four rows i at a
 * time (register blocking), each lane one fused multiply-add chain over p, as the scalar kernel computes it. No lane
 * reductions (their order is unspecified), no vector transcendentals. Columns go in vectors of the preferred
 * species, then of the narrower ones (256, 128 bits) while at least one fits, so that layers narrower than a
 * preferred vector (memorize's H = 4 … 13, the gradient of a 10-input layer) are vectorised too; the caller does
 * the last few columns. Which columns a vector holds changes no element's chain, so every split gives the same bits.
 */
final class GemmF32Vector {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> S256 = FloatVector.SPECIES_256;
    private static final VectorSpecies<Float> S128 = FloatVector.SPECIES_128;

    private GemmF32Vector() {
    }

    static int lanes() {
        return S.length();
    }

    /** The fewest columns this kernel vectorises (a 128-bit vector). */
    static int minLanes() {
        return Math.min(S.length(), S128.length());
    }

    /** Computes the columns 0 to the last full vector; returns how many columns are done. */
    static int product(float[] c, int cOff, int m, int n, float[] l, int lOff, int lrs, int lcs, float[] r,
                       int rOff, int rrs, int depth) {
        int done = columnsPreferred(0, c, cOff, m, n, l, lOff, lrs, lcs, r, rOff, rrs, depth);
        if (n - done >= S256.length() && S256.length() < S.length()) {
            done = columns256(done, c, cOff, m, n, l, lOff, lrs, lcs, r, rOff, rrs, depth);
        }
        if (n - done >= S128.length() && S128.length() < S.length()) {
            done = columns128(done, c, cOff, m, n, l, lOff, lrs, lcs, r, rOff, rrs, depth);
        }
        return done;
    }

    // The three copies below differ only in their species: the Vector API compiles to vector instructions only
    // where the species is a constant after inlining, and one method taking the species as an argument is too
    // large for C2 to inline (measured: 9x slower, the API's allocating fallback ran instead).
    /** Columns {@code from} onwards in whole vectors of the preferred species; returns the first column not done. */
    private static int columnsPreferred(int from, float[] c, int cOff, int m, int n, float[] l,
                               int lOff, int lrs, int lcs, float[] r, int rOff, int rrs, int depth) {
        int lanes = S.length();
        int end = from + (n - from) / lanes * lanes;
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            int l0 = lOff + i * lrs;
            int l1 = l0 + lrs;
            int l2 = l1 + lrs;
            int l3 = l2 + lrs;
            int c0 = cOff + i * n;
            for (int j = from; j < end; j += lanes) {
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
            for (int j = from; j < end; j += lanes) {
                FloatVector a0 = FloatVector.zero(S);
                int rp = rOff + j;
                int lp = l0;
                for (int p = 0; p < depth; p++, lp += lcs, rp += rrs) {
                    a0 = FloatVector.broadcast(S, l[lp]).fma(FloatVector.fromArray(S, r, rp), a0);
                }
                a0.intoArray(c, c0 + j);
            }
        }
        return end;
    }

    /** {@link #columnsPreferred} with 256-bit vectors. */
    private static int columns256(int from, float[] c, int cOff, int m, int n, float[] l,
                               int lOff, int lrs, int lcs, float[] r, int rOff, int rrs, int depth) {
        int lanes = S256.length();
        int end = from + (n - from) / lanes * lanes;
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            int l0 = lOff + i * lrs;
            int l1 = l0 + lrs;
            int l2 = l1 + lrs;
            int l3 = l2 + lrs;
            int c0 = cOff + i * n;
            for (int j = from; j < end; j += lanes) {
                FloatVector a0 = FloatVector.zero(S256);
                FloatVector a1 = a0;
                FloatVector a2 = a0;
                FloatVector a3 = a0;
                int rp = rOff + j;
                int lp = 0;
                for (int p = 0; p < depth; p++, lp += lcs, rp += rrs) {
                    FloatVector rv = FloatVector.fromArray(S256, r, rp);
                    a0 = FloatVector.broadcast(S256, l[l0 + lp]).fma(rv, a0);
                    a1 = FloatVector.broadcast(S256, l[l1 + lp]).fma(rv, a1);
                    a2 = FloatVector.broadcast(S256, l[l2 + lp]).fma(rv, a2);
                    a3 = FloatVector.broadcast(S256, l[l3 + lp]).fma(rv, a3);
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
            for (int j = from; j < end; j += lanes) {
                FloatVector a0 = FloatVector.zero(S256);
                int rp = rOff + j;
                int lp = l0;
                for (int p = 0; p < depth; p++, lp += lcs, rp += rrs) {
                    a0 = FloatVector.broadcast(S256, l[lp]).fma(FloatVector.fromArray(S256, r, rp), a0);
                }
                a0.intoArray(c, c0 + j);
            }
        }
        return end;
    }

    /** {@link #columnsPreferred} with 128-bit vectors. */
    private static int columns128(int from, float[] c, int cOff, int m, int n, float[] l,
                               int lOff, int lrs, int lcs, float[] r, int rOff, int rrs, int depth) {
        int lanes = S128.length();
        int end = from + (n - from) / lanes * lanes;
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            int l0 = lOff + i * lrs;
            int l1 = l0 + lrs;
            int l2 = l1 + lrs;
            int l3 = l2 + lrs;
            int c0 = cOff + i * n;
            for (int j = from; j < end; j += lanes) {
                FloatVector a0 = FloatVector.zero(S128);
                FloatVector a1 = a0;
                FloatVector a2 = a0;
                FloatVector a3 = a0;
                int rp = rOff + j;
                int lp = 0;
                for (int p = 0; p < depth; p++, lp += lcs, rp += rrs) {
                    FloatVector rv = FloatVector.fromArray(S128, r, rp);
                    a0 = FloatVector.broadcast(S128, l[l0 + lp]).fma(rv, a0);
                    a1 = FloatVector.broadcast(S128, l[l1 + lp]).fma(rv, a1);
                    a2 = FloatVector.broadcast(S128, l[l2 + lp]).fma(rv, a2);
                    a3 = FloatVector.broadcast(S128, l[l3 + lp]).fma(rv, a3);
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
            for (int j = from; j < end; j += lanes) {
                FloatVector a0 = FloatVector.zero(S128);
                int rp = rOff + j;
                int lp = l0;
                for (int p = 0; p < depth; p++, lp += lcs, rp += rrs) {
                    a0 = FloatVector.broadcast(S128, l[lp]).fma(FloatVector.fromArray(S128, r, rp), a0);
                }
                a0.intoArray(c, c0 + j);
            }
        }
        return end;
    }
}
