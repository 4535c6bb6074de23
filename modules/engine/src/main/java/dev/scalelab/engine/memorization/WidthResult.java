package dev.scalelab.engine.memorization;

import java.util.List;

/**
 * One width of the phase diagram: trained-capacity trials (successes out of trials, the steps each success took,
 * the final training losses) and the random-feature certificate of every trial with m = H features; the wall
 * time of the width's training (all K models, from initialisation) and of its K certificates (features included).
 */
public record WidthResult(int width, long parameters, double parametersPerPoint, int trials, int successes,
                          List<Long> stepsToSuccess, List<Double> finalLosses, int diverged,
                          List<RandomFeatureCertificate.Result> certificates, double trainingSeconds,
                          double certificateSeconds) {

    public double successRate() {
        return (double) successes / trials;
    }

    /** Trials whose certificate interpolates: relative residual ≤ 1e-6. */
    public int exactCertificates() {
        return (int) certificates.stream().filter(c -> c.relativeResidual() <= PhaseDiagram.EXACT_RESIDUAL).count();
    }

    public double medianCertificateResidual() {
        return median(certificates.stream().mapToDouble(RandomFeatureCertificate.Result::relativeResidual));
    }

    /** Median steps of the successful trials (rounded down), or -1 when none succeeded. */
    public long medianStepsToSuccess() {
        return stepsToSuccess.isEmpty() ? -1 : (long) median(stepsToSuccess.stream().mapToDouble(Long::doubleValue));
    }

    public double medianFinalLoss() {
        return median(finalLosses.stream().mapToDouble(Double::doubleValue));
    }

    private static double median(java.util.stream.DoubleStream values) {
        double[] v = values.sorted().toArray();
        return v.length == 0 ? Double.NaN : (v[(v.length - 1) / 2] + v[v.length / 2]) / 2;
    }

    public int minCertificateRank() {
        return certificates.stream().mapToInt(RandomFeatureCertificate.Result::rank).min().orElse(0);
    }
}
