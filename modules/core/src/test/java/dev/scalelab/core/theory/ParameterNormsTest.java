package dev.scalelab.core.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterNormsTest {

    @Test
    void normsOfKnownWeights() {
        List<double[]> w0 = List.of(new double[] {3, 0, 0, 4}, new double[] {1, -1});
        List<double[]> w = List.of(new double[] {3, 0, 0, -4}, new double[] {2, -1});
        List<double[]> b = List.of(new double[] {0.5, -2}, new double[] {0.25});
        Map<String, Double> m = ParameterNorms.of(w, w0, b, new double[] {1, 1});
        assertEquals(4, m.get("layer1/w_max"));
        assertEquals(5, m.get("layer1/w_fro"), 1e-12);
        assertEquals(2, m.get("layer1/b_max"));
        assertEquals(8.0 / 5, m.get("layer1/w_rel_change"), 1e-12); // ‖(0,0,0,−8)‖ / ‖(3,0,0,4)‖
        assertEquals(2, m.get("layer2/w_max"));
        assertEquals(1 / Math.sqrt(2), m.get("layer2/w_rel_change"), 1e-12);
        assertEquals(4, m.get("theta_max"));
        assertEquals(8, m.get("weight_drift_max"), "layer 1's last weight moved from 4 to −4");
        // In θ units (NTK, fan-in 4 → θ = 2W) the sizes double, the relative change does not move.
        Map<String, Double> ntk = ParameterNorms.of(w, w0, b, new double[] {2, 1});
        assertEquals(8, ntk.get("layer1/w_max"));
        assertEquals(10, ntk.get("layer1/w_fro"), 1e-12);
        assertEquals(8.0 / 5, ntk.get("layer1/w_rel_change"), 1e-12);
        assertEquals(8, ntk.get("theta_max"));
        assertEquals(16, ntk.get("weight_drift_max"), "in θ units too");
    }
}
