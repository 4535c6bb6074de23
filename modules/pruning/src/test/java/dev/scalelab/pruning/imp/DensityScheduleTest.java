package dev.scalelab.pruning.imp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.scalelab.core.spec.Activation;
import dev.scalelab.core.spec.MlpSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Frankle & Carbin's LeNet-300-100 schedule: 20 % / 20 % / 10 % (output) per round. */
class DensityScheduleTest {
    static final MlpSpec LENET = new MlpSpec(784, List.of(300, 100), 10, Activation.RELU);
    static final int[] ROUNDS = {3, 7, 9, 12, 15, 16, 18};
    static final double[] PERCENT = {51.3, 21.1, 13.5, 7.0, 3.6, 2.9, 1.9};

    @Test
    void lenetScheduleMatchesThePaperToOneDecimal() {
        PruningSpec spec = PruningSpec.outputAtHalfRate(0.2, LENET.layerCount());
        assertEquals(0.1, spec.rateOf(2), 1e-15);
        DensitySchedule s = DensitySchedule.of(LENET, spec, 18);
        assertEquals(266_200, s.total());
        for (int i = 0; i < ROUNDS.length; i++) {
            assertEquals(PERCENT[i], Math.round(1000 * s.density(ROUNDS[i])) / 10.0, 1e-9, "round " + ROUNDS[i]);
        }
        // Exact counts of the half-up rule, so a change of convention cannot pass unnoticed.
        assertEquals(235_200 - 47_040, s.kept(1, 0));
        assertEquals(4_927, s.kept(18));
        assertEquals(1_000 - 100, s.kept(1, 2));
    }

    @Test
    void ceilingConventionWouldMissRound18() {
        long[] kept = {235_200, 30_000, 1_000};
        double[] rate = {0.2, 0.2, 0.1};
        for (int r = 0; r < 18; r++) {
            for (int l = 0; l < 3; l++) {
                kept[l] -= (long) Math.ceil(rate[l] * kept[l]);
            }
        }
        double percent = Math.round(1000.0 * (kept[0] + kept[1] + kept[2]) / 266_200) / 10.0;
        assertNotEquals(1.9, percent);
    }

    @Test
    void pruneCountRoundsHalfUpAndNeverExceedsRemaining() {
        assertEquals(1, PruningSpec.pruneCount(5, 0.1)); // 0.5 -> 1
        assertEquals(0, PruningSpec.pruneCount(4, 0.1)); // 0.4 -> 0
        assertEquals(20, PruningSpec.pruneCount(100, 0.2));
        assertEquals(0, PruningSpec.pruneCount(0, 0.5));
        assertEquals(3, PruningSpec.pruneCount(3, 0.99));
    }

    @Test
    void unprunedLayerStaysDense() {
        PruningSpec spec = PruningSpec.layerwise(0.2, Map.of(2, 0.0));
        DensitySchedule s = DensitySchedule.of(LENET, spec, 10);
        assertEquals(1000, s.kept(10, 2));
        assertEquals(3, DensitySchedule.of(LENET, PruningSpec.outputAtHalfRate(0.2, 3), 18).firstLevelAtOrBelow(0.52));
    }
}
