package dev.scalelab.scaling;

import dev.scalelab.scaling.fit.Penalty;
import java.util.List;
import java.util.Map;

/**
 * Everything that determines a fit besides the data.
 *
 * @param form        power, chinchilla or kaplan
 * @param x           the power form's variable: N, D or C
 * @param irreducible whether the power form has an irreducible term L∞
 * @param k           FLOPs per parameter per sample (C = k·N·D)
 * @param penalty     Huber (δ) or least squares, on log residuals, summed
 * @param bootstrap   bootstrap resamples (0 = none)
 * @param seed        bootstrap seed
 * @param confidence  central interval mass, e.g. 0.95
 * @param predictions points to predict at, e.g. {C=1e21} or {N=7e10, D=1.4e12} or {loss=2.0}
 * @param threads     worker threads
 * @param isoflopWidth width of Approach 2's compute buckets in decades of C
 */
public record FitSettings(String form, String x, boolean irreducible, double k, Penalty penalty, int bootstrap,
                          long seed, double confidence, List<Map<String, Double>> predictions, int threads,
                          double isoflopWidth) {
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
    }

    /** Chinchilla settings as published: Huber δ=1e-3, 4,500-start grid, k=6. */
    public static FitSettings chinchilla(int bootstrap, long seed) {
        return new FitSettings("chinchilla", "N", true, 6, Penalty.huber(1e-3), bootstrap, seed, 0.95, List.of(),
                Runtime.getRuntime().availableProcessors(), 0.1);
    }
}
