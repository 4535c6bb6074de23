package dev.scalelab.engine.sweep;

import dev.scalelab.core.spec.Activation;
import dev.scalelab.core.spec.MlpSpec;
import dev.scalelab.core.spec.Parametrization;
import dev.scalelab.core.task.Dataset;
import dev.scalelab.core.task.TaskData;
import dev.scalelab.core.theory.LinearPieces;
import dev.scalelab.core.theory.ParameterNorms;
import dev.scalelab.engine.model.MlpBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The extra measures of a job's trained models for their summaries: parameter norms and growth (when the runs
 * ask for them, from the weights they started with) and, for every one-input, one-output ReLU network, its
 * number of linear pieces on the interval its inputs span ({@code pieces}; null when too many to count).
 */
final class RunMetrics {
    private RunMetrics() {
    }

    /** Every layer's weights of all K models, as the backend holds them now. */
    static List<double[]> weights(MlpBatch models) {
        List<double[]> w = new ArrayList<>();
        for (int l = 0; l < models.spec().layerCount(); l++) {
            w.add(models.downloadWeights(l));
        }
        return w;
    }

    /** True when {@link #of} counts pieces for this network. */
    static boolean countsPieces(MlpSpec spec) {
        return spec.inputDim() == 1 && spec.outputDim() == 1 && spec.activation() == Activation.RELU;
    }

    /**
     * One map per model (null when it has nothing to report). {@code initial} (the weights before training, as
     * from {@link #weights}) is null when the runs did not ask for norms.
     */
    static List<Map<String, Double>> of(MlpBatch models, List<double[]> initial, Parametrization parametrization,
                                        List<TaskData> data) {
        MlpSpec spec = models.spec();
        int k = models.models();
        boolean pieces = countsPieces(spec);
        List<Map<String, Double>> out = new ArrayList<>(k);
        if (initial == null && !pieces) {
            for (int m = 0; m < k; m++) {
                out.add(null);
            }
            return out;
        }
        List<double[]> w = weights(models);
        List<double[]> b = new ArrayList<>();
        for (int l = 0; l < spec.layerCount(); l++) {
            b.add(models.downloadBiases(l));
        }
        double[] theta = new double[spec.layerCount()];
        for (int l = 0; l < theta.length; l++) {
            theta[l] = parametrization.thetaPerWeight(spec, l);
        }
        for (int m = 0; m < k; m++) {
            List<double[]> wm = slices(w, spec, m, true);
            List<double[]> bm = slices(b, spec, m, false);
            Map<String, Double> metrics = new TreeMap<>();
            if (initial != null) {
                ParameterNorms.of(wm, slices(initial, spec, m, true), bm, theta)
                        .forEach((key, v) -> metrics.put(key, Double.isFinite(v) ? v : null));
            }
            if (pieces) {
                double[] range = inputRange(data.get(m));
                long count = LinearPieces.count(wm, bm, spec.layerSizes(), range[0], range[1]);
                metrics.put("pieces", count < 0 ? null : (double) count);
            }
            out.add(metrics);
        }
        return out;
    }

    /** Model m's part of each layer's [K, fan_in, fan_out] weights (or [K, 1, fan_out] biases). */
    private static List<double[]> slices(List<double[]> all, MlpSpec spec, int m, boolean weights) {
        List<double[]> out = new ArrayList<>();
        for (int l = 0; l < spec.layerCount(); l++) {
            int size = (weights ? spec.fanIn(l) : 1) * spec.fanOut(l);
            out.add(java.util.Arrays.copyOfRange(all.get(l), m * size, (m + 1) * size));
        }
        return out;
    }

    /** [min, max] of the one-dimensional inputs of the training and test sets. */
    private static double[] inputRange(TaskData data) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Dataset d : data.hasTest() ? List.of(data.train(), data.test()) : List.of(data.train())) {
            for (float x : d.inputs()) {
                lo = Math.min(lo, x);
                hi = Math.max(hi, x);
            }
        }
        return hi > lo ? new double[] {lo, hi} : new double[] {lo, lo + 1};
    }
}
