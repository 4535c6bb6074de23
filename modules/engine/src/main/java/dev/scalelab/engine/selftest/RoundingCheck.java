package dev.scalelab.engine.selftest;

import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.compute.Tensor;
import java.util.Arrays;
import java.util.Locale;

/**
 * Whether a fast mode's products really round their inputs to its mantissa width, bit for bit, so that a mode that
 * silently multiplies in FP32 fails instead of passing its error bounds with room to spare. One product of known
 * answer: A's even rows hold 1 + 2^-(bits+2), which rounds to 1 at {@code bits} mantissa bits (to nearest and
 * toward zero alike), its odd rows 1 + 2^-bits, which is kept; B is all ones. Every partial sum is exact in FP32 in
 * any order, so C's even rows must be exactly {@code inner} and its odd rows exactly {@code inner · (1 + 2^-bits)}.
 * An FP32 product is off by inner · 2^-(bits+2) in the even rows, a coarser one in the odd rows. The shape is
 * tensor-core friendly (multiples of 128), so a library that may pick its kernel by shape has every reason to use
 * its reduced-precision one.
 */
final class RoundingCheck {
    private static final int K = 2;
    private static final int ROWS = 128;
    private static final int INNER = 256;
    private static final int COLS = 128;
    /** Exact answers are expected; this only allows for nothing. */
    static final double TOLERANCE = 1e-9;

    private RoundingCheck() {
    }

    static Check run(String mode, ComputeBackend backend, int bits) {
        String name = "products round inputs to " + bits + " mantissa bits";
        double dropped = 1 + Math.scalb(1.0, -(bits + 2));
        double kept = 1 + Math.scalb(1.0, -bits);
        double[] a = new double[K * ROWS * INNER];
        for (int k = 0; k < K; k++) {
            for (int r = 0; r < ROWS; r++) {
                Arrays.fill(a, (k * ROWS + r) * INNER, (k * ROWS + r + 1) * INNER, r % 2 == 0 ? dropped : kept);
            }
        }
        double[] ones = new double[K * INNER * COLS];
        Arrays.fill(ones, 1.0);
        try {
            Tensor ta = backend.allocate(K, ROWS, INNER);
            backend.upload(a, ta);
            Tensor tb = backend.allocate(K, INNER, COLS);
            backend.upload(ones, tb);
            Tensor c = backend.allocate(K, ROWS, COLS);
            backend.batchedMatmul(ta, false, tb, false, c);
            double[] got = backend.download(c);
            double worst = 0;
            int at = 0;
            for (int i = 0; i < got.length; i++) {
                int row = i / COLS % ROWS;
                double want = row % 2 == 0 ? INNER : INNER * kept;
                double e = Math.abs(got[i] - want) / INNER;
                if (!(e <= worst)) {
                    worst = e;
                    at = i;
                }
            }
            int row = at / COLS % ROWS;
            String note = worst <= TOLERANCE ? "" : String.format(Locale.ROOT,
                    "row %d: %.9g for %d x %s, expected %.9g: inputs not rounded to %d bits", row, got[at], INNER,
                    row % 2 == 0 ? "(1 + 2^-" + (bits + 2) + ")" : "(1 + 2^-" + bits + ")",
                    row % 2 == 0 ? (double) INNER : INNER * kept, bits);
            return Check.measured(mode, name, worst, TOLERANCE, note);
        } catch (RuntimeException e) {
            return Check.failed(mode, name, "threw " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
