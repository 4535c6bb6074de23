package dev.scalelab.engine.cpu;

/**
 * The small products of the fused FP32 pass: {@code c[i, j] = Σ_p l(i, p) · r(p, j)} for i &lt; m, j &lt; n, where
 * {@code l(i, p) = l[lOff + i·lrs + p·lcs]}, {@code r(p, j) = r[rOff + p·rrs + j·rcs]} and c is row-major with
 * row length n from {@code cOff}. Every element is one chain of fused multiply-adds from 0 over p = 0, 1, ...,
 * whichever path computes it, so the vector kernel ({@link GemmF32Vector}) and this scalar one agree bit for bit.
 */
final class GemmF32 {
    private GemmF32() {
    }

    static void product(boolean vector, float[] c, int cOff, int m, int n, float[] l, int lOff, int lrs, int lcs,
                        float[] r, int rOff, int rrs, int rcs, int depth) {
        if (vector && rcs == 1 && n >= GemmF32Vector.lanes()) {
            int done = GemmF32Vector.product(c, cOff, m, n, l, lOff, lrs, lcs, r, rOff, rrs, depth);
            if (done < n) {
                scalar(c, cOff, m, n, done, l, lOff, lrs, lcs, r, rOff, rrs, rcs, depth);
            }
        } else {
            scalar(c, cOff, m, n, 0, l, lOff, lrs, lcs, r, rOff, rrs, rcs, depth);
        }
    }

    /**
     * Columns {@code from} to n of the product; four columns at a time, so that four independent chains of
     * multiply-adds hide each other's latency (each element's own chain is unchanged).
     */
    static void scalar(float[] c, int cOff, int m, int n, int from, float[] l, int lOff, int lrs, int lcs,
                       float[] r, int rOff, int rrs, int rcs, int depth) {
        for (int i = 0; i < m; i++) {
            int li = lOff + i * lrs;
            int ci = cOff + i * n;
            int j = from;
            for (; j + 4 <= n; j += 4) {
                float a0 = 0f;
                float a1 = 0f;
                float a2 = 0f;
                float a3 = 0f;
                int lp = li;
                int rp = rOff + j * rcs;
                for (int p = 0; p < depth; p++, lp += lcs, rp += rrs) {
                    float x = l[lp];
                    a0 = Math.fma(x, r[rp], a0);
                    a1 = Math.fma(x, r[rp + rcs], a1);
                    a2 = Math.fma(x, r[rp + 2 * rcs], a2);
                    a3 = Math.fma(x, r[rp + 3 * rcs], a3);
                }
                c[ci + j] = a0;
                c[ci + j + 1] = a1;
                c[ci + j + 2] = a2;
                c[ci + j + 3] = a3;
            }
            for (; j < n; j++) {
                float acc = 0f;
                int lp = li;
                int rp = rOff + j * rcs;
                for (int p = 0; p < depth; p++, lp += lcs, rp += rrs) {
                    acc = Math.fma(l[lp], r[rp], acc);
                }
                c[ci + j] = acc;
            }
        }
    }
}
