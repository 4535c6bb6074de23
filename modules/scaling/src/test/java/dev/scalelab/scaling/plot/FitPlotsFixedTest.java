package dev.scalelab.scaling.plot;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.scaling.FitOutcome;
import dev.scalelab.scaling.FitSettings;
import dev.scalelab.scaling.ScalingFit;
import dev.scalelab.scaling.data.FitPoints;
import dev.scalelab.scaling.data.Observation;
import dev.scalelab.scaling.fit.Penalty;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fit figure says which parameters were held, and at what. */
class FitPlotsFixedTest {
    private static FitOutcome fit(Map<String, Double> fixed) {
        List<Observation> obs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            double n = 1e4 * Math.pow(3, i);
            obs.add(new Observation(n, Double.NaN, Double.NaN, 3 * Math.pow(n, -0.4), "synthetic", i + 1, null));
        }
        FitPoints data = new FitPoints(List.of("synthetic"), obs.size(), obs, Map.of(), Map.of());
        return ScalingFit.run(data, new FitSettings("power", "N", fixed, 6, Penalty.huber(1e-3), 0, 0, 0.95,
                List.of(), 1, 0.1, null));
    }

    @Test
    void fitTitleNamesTheFixedParameters() {
        String title = FitPlots.fitChart(fit(Map.of("L_inf", 0.0))).getTitle();
        assertTrue(title.contains("(fixed: L_inf = 0)"), title);
        assertFalse(FitPlots.fitChart(fit(Map.of())).getTitle().contains("fixed"));
    }
}
