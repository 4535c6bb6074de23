package dev.scalelab.pruning.imp;

import dev.scalelab.pruning.report.MeanAndSd;
import java.util.List;
import java.util.Map;

/**
 * sparsity.json of a level: weights per layer and in total (all, kept), and the test metrics of every branch and
 * seed. Written last, atomically: with the masks and the final weights it marks the level complete.
 */
public record LevelReport(int schemaVersion, int level, long total, long kept, double density,
                          List<LayerCount> layers, List<Long> seeds, Map<String, List<Double>> testAccuracy,
                          Map<String, List<Double>> testLoss, double wallSeconds) {

    /** One layer's weights: {@code total} = fan_in · fan_out, {@code kept} unmasked (per seed they are equal). */
    public record LayerCount(int layer, int fanIn, int fanOut, long total, long kept, double density) {
    }

    public double meanAccuracy(String branch) {
        return MeanAndSd.mean(values(branch));
    }

    public double sdAccuracy(String branch) {
        return MeanAndSd.sd(values(branch));
    }

    private double[] values(String branch) {
        List<Double> v = testAccuracy.get(branch);
        return v == null ? new double[0] : v.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
