package dev.scalelab.engine.cpu;

/** {@link GemmF32}'s product in FP64, scalar only (FP64 is for tests and gradient checks). */
final class GemmF64 {
    private GemmF64() {
    }

    static void product(double[] c, int cOff, int m, int n, double[] l, int lOff, int lrs, int lcs,
                        double[] r, int rOff, int rrs, int rcs, int depth) {
        for (int i = 0; i < m; i++) {
            int li = lOff + i * lrs;
            int ci = cOff + i * n;
            for (int j = 0; j < n; j++) {
                double acc = 0;
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
