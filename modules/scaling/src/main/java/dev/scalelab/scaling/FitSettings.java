package dev.scalelab.scaling;

import dev.scalelab.scaling.fit.FixedParameters;
import dev.scalelab.scaling.fit.Penalty;
import java.util.List;
import java.util.Map;

/**
 * Everything that determines a fit besides the data.
 *
 * @param form        power, chinchilla or kaplan
 * @param x           the power form's variable: N, D or C
 * @param fixed       parameters held at a value (reported name → value, e.g. L_inf → 0), not fitted; the names are
 *                    checked against the form and made its own (L_inf for linf), in its order
 * @param k           FLOPs per parameter per sample (C = k·N·D)
 * @param penalty     Huber (δ) or least squares, on log residuals, summed
 * @param bootstrap   bootstrap resamples (0 = none)
 * @param seed        bootstrap seed
 * @param confidence  central interval mass, e.g. 0.95
 * @param predictions points to predict at, e.g. {C=1e21} or {N=7e10, D=1.4e12} or {loss=2.0}
 * @param threads     worker threads
 * @param isoflopWidth width of Approach 2's compute buckets in decades of C
 * @param bootstrapBy the input column whose values are the bootstrap's clusters (whole clusters are resampled), as
 *                    given to {@code --bootstrap-by}; null to resample single points
 */
public record FitSettings(String form, String x, Map<String, Double> fixed, double k, Penalty penalty, int bootstrap,
                          long seed, double confidence, List<Map<String, Double>> predictions, int threads,
                          double isoflopWidth, String bootstrapBy) {
    public FitSettings {
        if (!List.of("power", "chinchilla", "kaplan").contains(form)) {
            throw new IllegalArgumentException("unknown form " + form + " (use power, chinchilla or kaplan)");
        }
        if (!List.of("N", "D", "C").contains(x)) {
            throw new IllegalArgumentException("--x must be N, D or C, got " + x);
        }
        if (bootstrap < 0) {
            throw new IllegalArgumentException("--bootstrap must be >= 0");
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1)");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1");
        }
        predictions = List.copyOf(predictions);
        fixed = FixedParameters.of(ScalingFit.formFor(form, x), fixed).values();
    }

    /** Without fixed parameters, resampling single points. */
    public FitSettings(String form, String x, double k, Penalty penalty, int bootstrap, long seed, double confidence,
                       List<Map<String, Double>> predictions, int threads, double isoflopWidth) {
        this(form, x, Map.of(), k, penalty, bootstrap, seed, confidence, predictions, threads, isoflopWidth, null);
    }

    /** Chinchilla settings as published: Huber δ=1e-3, 4,500-start grid, k=6. */
    public static FitSettings chinchilla(int bootstrap, long seed) {
        return new FitSettings("chinchilla", "N", 6, Penalty.huber(1e-3), bootstrap, seed, 0.95, List.of(),
                Runtime.getRuntime().availableProcessors(), 0.1);
    }
}
