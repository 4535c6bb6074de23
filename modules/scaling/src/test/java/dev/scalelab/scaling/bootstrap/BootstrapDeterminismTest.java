package dev.scalelab.scaling.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.scalelab.scaling.Estimate;
import dev.scalelab.scaling.FitOutcome;
import dev.scalelab.scaling.FitSettings;
import dev.scalelab.scaling.ScalingFit;
import dev.scalelab.scaling.Synthetic;
import dev.scalelab.scaling.data.FitPoints;
import dev.scalelab.scaling.data.Observation;
import dev.scalelab.scaling.fit.Penalty;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Same seed, same intervals, whatever the thread count; another seed, other intervals. */
class BootstrapDeterminismTest {
    private static FitPoints data() {
        SplittableRandom r = new SplittableRandom(3);
        List<Observation> obs = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            double n = Synthetic.logUniform(r, 1e6, 1e10);
            double l = (1.8 + 60 * Math.pow(n, -0.3)) * Math.exp(0.01 * Synthetic.gaussian(r));
            obs.add(new Observation(n, Double.NaN, Double.NaN, l, "synthetic", i + 1, null));
        }
        return new FitPoints(List.of("synthetic"), obs.size(), obs, new LinkedHashMap<>(), new LinkedHashMap<>());
    }

    private static FitOutcome run(long seed, int threads) {
        return ScalingFit.run(data(), new FitSettings("power", "N", 6, Penalty.huber(1e-3), 200, seed, 0.9,
                List.of(Map.of("N", 1e12)), threads, 0.1));
    }

    @Test
    void sameSeedSameSamplesAcrossThreadCounts() {
        FitOutcome a = run(42, 1);
        FitOutcome b = run(42, 2);
        assertEquals(a.bootstrap().resamples(), b.bootstrap().resamples());
        for (int i = 0; i < a.bootstrap().samples().length; i++) {
            assertEquals(Arrays.toString(a.bootstrap().samples()[i]), Arrays.toString(b.bootstrap().samples()[i]));
        }
        assertEquals(bounds(a), bounds(b));
        assertFalse(bounds(a).equals(bounds(run(43, 2))), "another seed gives other intervals");
    }

    private static List<Double> bounds(FitOutcome o) {
        List<Double> out = new ArrayList<>();
        for (Estimate e : o.parameters()) {
            out.add(e.lo());
            out.add(e.hi());
        }
        return out;
    }
}
