package dev.scalelab.engine.memorization;

import dev.scalelab.core.task.Dataset;
import dev.scalelab.core.util.Rng;

/**
 * Random certificate instances and the rule for equal residuals, shared by the CPU test
 * ({@link BatchedCertificateTest}) and the CUDA test on the fake library (engine-cuda, through the test jar).
 */
public final class CertificateCases {
    private CertificateCases() {
    }

    /**
     * n points in d dimensions with N(0, 1) inputs and labels; with {@code distinct} above 0 only that many
     * different inputs, the rest repeating one of them and keeping its label half the time (consistent data) or
     * getting a new one (conflicting data): Φ is then rank-deficient.
     */
    public static Dataset randomData(Rng rng, int n, int d, int distinct) {
        float[] x = new float[n * d];
        float[] y = new float[n];
        for (int r = 0; r < n; r++) {
            int source = distinct > 0 && r >= distinct ? rng.nextInt(distinct) : -1;
            for (int i = 0; i < d; i++) {
                x[r * d + i] = source >= 0 ? x[source * d + i] : (float) rng.normal();
            }
            y[r] = source >= 0 && rng.uniform() < 0.5 ? y[source] : (float) rng.normal();
        }
        return new Dataset(n, d, 1, x, y, null);
    }

    /**
     * Equal residuals: within 1e-9 relative, or both zero up to rounding: ≤ 1e-12, or (where Φa = y is solved
     * exactly but ‖a‖ is large) both below the rounding level of Φa itself. The SVD's own residual exceeds 1e-12
     * there (2.5e-12 at N = m = 100, ‖a‖ = 1226), so no method could meet 1e-12 against it.
     */
    public static boolean sameResidual(double svd, double batched, double roundingLevel) {
        double zero = Math.max(1e-12, roundingLevel);
        return (svd <= zero && batched <= zero) || Math.abs(svd - batched) <= 1e-9 * Math.max(svd, batched);
    }

    /** max(N, m) · ε · ‖Φ‖_F · ‖a‖ / ‖y‖: the relative residual that rounding alone can leave in Φa − y. */
    public static double roundingLevel(Dataset data, int features, long seed, double weightNorm) {
        double phi2 = 0;
        for (double v : RandomFeatureCertificate.features(data, features, seed)) {
            phi2 += v * v;
        }
        double y2 = 0;
        for (float v : data.targets()) {
            y2 += (double) v * v;
        }
        return Math.max(data.size(), features) * Math.ulp(1.0) * Math.sqrt(phi2) * weightNorm / Math.sqrt(y2);
    }
}
