package dev.scalelab.engine.cuda;

/**
 * Adam's bias corrections for step t as the CUDA kernels use them: 1 / (1 − β₁ᵗ) and 1 / √(1 − β₂ᵗ), with βᵗ
 * computed by squaring. The kernel {@code sl_adam_clock} (elementwise.cu) performs exactly these correctly
 * rounded operations in the same order, so an eager step (corrections from here, as kernel arguments) and a
 * replayed one (corrections from the device clock) compute bit-identical updates; {@code Math.pow} and CUDA's
 * {@code pow} may differ in the last bit.
 */
final class AdamCorrections {
    private AdamCorrections() {
    }

    static double stepScale(double beta1, long t) {
        return 1.0 / (1.0 - power(beta1, t));
    }

    static double invSqrtBiasCorrection2(double beta2, long t) {
        return 1.0 / Math.sqrt(1.0 - power(beta2, t));
    }

    /**
     * b^e for e ≥ 0 by squaring (Java never fuses a multiply into an add, like {@code __dmul_rn}). Squaring
     * doubles relative errors, so this is good to about e roundings (2e-10 relative after a million steps), far
     * inside FP32; what matters here is that host and device round identically.
     */
    static double power(double b, long e) {
        double result = 1.0;
        double base = b;
        for (long rest = e; rest > 0; rest >>= 1) {
            if ((rest & 1) != 0) {
                result *= base;
            }
            base *= base;
        }
        return result;
    }
}
