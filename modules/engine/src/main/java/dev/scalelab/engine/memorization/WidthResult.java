package dev.scalelab.engine.memorization;

import java.util.List;

/**
 * One width of the phase diagram: trained-capacity trials (successes out of trials, the steps each success took,
 * the final training losses) and the random-feature certificate of every trial with m = H features.
 */
public record WidthResult(int width, long parameters, double parametersPerPoint, int trials, int successes,
                          List<Long> stepsToSuccess, List<Double> finalLosses, int diverged,
                          List<RandomFeatureCertificate.Result> certificates) {

    public double successRate() {
        return (double) successes / trials;
    }

    /** Trials whose certificate interpolates: relative residual ≤ 1e-6. */
    public int exactCertificates() {
        return (int) certificates.stream().filter(c -> c.relativeResidual() <= PhaseDiagram.EXACT_RESIDUAL).count();
    }

    public double medianCertificateResidual() {
        double[] r = certificates.stream().mapToDouble(RandomFeatureCertificate.Result::relativeResidual).sorted()
                .toArray();
        return r.length == 0 ? Double.NaN : (r[(r.length - 1) / 2] + r[r.length / 2]) / 2;
    }

    public int minCertificateRank() {
        return certificates.stream().mapToInt(RandomFeatureCertificate.Result::rank).min().orElse(0);
    }
}
