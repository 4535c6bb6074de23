package dev.scalelab.core.theory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How large a trained network's parameters are and how far they moved (seed 003's question): per layer l
 * (1-based, the output layer last) {@code layer<l>/w_max} = max |W|, {@code layer<l>/w_fro} = ‖W‖_F,
 * {@code layer<l>/b_max} = max |b|, {@code layer<l>/w_rel_change} = ‖W − W₀‖_F / ‖W₀‖_F, and over the whole
 * network {@code theta_max} = ‖θ‖_∞ and {@code weight_drift_max} = max |W − W₀| over every weight (how far Adam moved
 * the largest-moving weight; biases' initial values are not kept). Weights are in the units of the trained parameters θ: W·{@code thetaPerWeight}
 * (√fan_in under the NTK parametrisation, 1 otherwise); the relative change does not depend on the units.
 */
public final class ParameterNorms {
    private ParameterNorms() {
    }

    /**
     * The metrics of one model from its layers' weights (row-major), initial weights and biases, each weight of
     * layer l multiplied by {@code thetaPerWeight[l]}.
     */
    public static Map<String, Double> of(List<double[]> weights, List<double[]> initialWeights, List<double[]> biases,
                                         double[] thetaPerWeight) {
        Map<String, Double> out = new LinkedHashMap<>();
        double thetaMax = 0;
        double driftMax = 0;
        for (int l = 0; l < weights.size(); l++) {
            double[] w = weights.get(l);
            double[] w0 = initialWeights.get(l);
            double f = thetaPerWeight[l];
            double max = 0;
            double sq = 0;
            double diff = 0;
            double sq0 = 0;
            for (int i = 0; i < w.length; i++) {
                max = Math.max(max, Math.abs(w[i]) * f);
                sq += w[i] * w[i];
                diff += (w[i] - w0[i]) * (w[i] - w0[i]);
                driftMax = Math.max(driftMax, Math.abs(w[i] - w0[i]) * f);
                sq0 += w0[i] * w0[i];
            }
            double bMax = 0;
            for (double v : biases.get(l)) {
                bMax = Math.max(bMax, Math.abs(v));
            }
            String p = "layer" + (l + 1) + "/";
            out.put(p + "w_max", max);
            out.put(p + "w_fro", Math.sqrt(sq) * f);
            out.put(p + "b_max", bMax);
            out.put(p + "w_rel_change", sq0 > 0 ? Math.sqrt(diff / sq0) : Double.NaN);
            thetaMax = Math.max(thetaMax, Math.max(max, bMax));
        }
        out.put("theta_max", thetaMax);
        out.put("weight_drift_max", driftMax);
        return out;
    }
}
