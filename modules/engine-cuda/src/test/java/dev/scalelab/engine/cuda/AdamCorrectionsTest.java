package dev.scalelab.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The host half of Adam's device clock: βᵗ by squaring agrees with {@code Math.pow} to a few ulps, and the bias
 * corrections are PyTorch's. (That the device computes the same bits is checked on the fake library and the GPU,
 * {@link GraphChecks#adamClockMatchesHost}.)
 */
class AdamCorrectionsTest {

    /** Squaring doubles a relative error, so b^t is good to about t rounding errors (Math.pow: one). */
    @Test
    void powerBySquaringAgreesWithMathPow() {
        for (double b : new double[] {0.9, 0.999, 0.99999, 0.5}) {
            for (long t : new long[] {0, 1, 2, 3, 7, 100, 1023, 4096, 123_457, 10_000_000}) {
                double want = Math.pow(b, t);
                assertEquals(want, AdamCorrections.power(b, t), 2 * (t + 1) * Math.ulp(want), b + "^" + t);
            }
        }
    }

    @Test
    void correctionsArePyTorchs() {
        assertEquals(1 / (1 - 0.9), AdamCorrections.stepScale(0.9, 1), 1e-15);
        assertEquals(1 / Math.sqrt(1 - 0.999 * 0.999), AdamCorrections.invSqrtBiasCorrection2(0.999, 2), 1e-12);
        assertEquals(1.0, AdamCorrections.stepScale(0.9, 100_000), 0.0);
        assertTrue(AdamCorrections.invSqrtBiasCorrection2(0.999, 1000) > 1.0);
    }
}
