package dev.scalelab.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.scalelab.scaling.data.FitPoints;
import dev.scalelab.scaling.data.Observation;
import dev.scalelab.scaling.fit.Penalty;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Seed 000, Example 5.3: going from 1B to 10B parameters lowered the error from 2.0 to 1.5 under L = A·N^-α.
 * Then α = log(2/1.5)/log 10 exactly, and the error reaches 1.0 at N = 1e9·2^(1/α) (≈ 2.57e11; the seed's 300B
 * comes from rounding α to 0.12 and 1/1.5 to 0.66). The fitter must give the closed forms, not the rounded ones.
 */
class Example53Test {
    @Test
    void twoPointPowerLawGivesTheClosedForms() {
        double alpha = Math.log(2.0 / 1.5) / Math.log(10.0);
        double nForLossOne = 1e9 * Math.pow(2.0, 1.0 / alpha);
        // the same number written the seed's way: 10B · (1.5/1.0)^(1/α)
        assertEquals(nForLossOne, 1e10 * Math.pow(1.5, 1.0 / alpha), 1e-6 * nForLossOne);
        for (Penalty p : List.of(Penalty.huber(1e-3), Penalty.squares())) {
            FitPoints data = new FitPoints(List.of("example-5.3"), 2, List.of(
                    new Observation(1e9, Double.NaN, Double.NaN, 2.0, "example-5.3", 1, null),
                    new Observation(1e10, Double.NaN, Double.NaN, 1.5, "example-5.3", 2, null)),
                    new LinkedHashMap<>(), new LinkedHashMap<>());
            FitSettings s = new FitSettings("power", "N", Map.of("L_inf", 0.0), 6, p, 0, 0, 0.95,
                    List.of(Map.of("loss", 1.0), Map.of("N", 1e11)), 1, 0.1, null);
            FitOutcome out = ScalingFit.run(data, s);
            double fittedAlpha = value(out.parameters(), "alpha");
            assertEquals(alpha, fittedAlpha, 1e-12, p.describe());
            assertEquals(2.0 * Math.pow(1e9, alpha), value(out.parameters(), "A"), 1e-9 * 2.0 * Math.pow(1e9, alpha));
            double n = value(out.predictions().get(0).values(), "N");
            assertEquals(nForLossOne, n, 1e-9 * nForLossOne);
            assertNotEquals(3e11, n, 1e10, "the seed's rounded 300B is not the exact answer");
            // and forward: L(1e11) = 1.5·(1e11/1e10)^-α = 1.5·0.75
            assertEquals(1.125, value(out.predictions().get(1).values(), "L"), 1e-12);
        }
    }

    private static double value(List<Estimate> es, String name) {
        return es.stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow().value();
    }
}
