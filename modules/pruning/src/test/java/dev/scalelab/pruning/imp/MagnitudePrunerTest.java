package dev.scalelab.pruning.imp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.core.spec.Activation;
import dev.scalelab.core.spec.MlpSpec;
import dev.scalelab.core.util.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MagnitudePrunerTest {
    static final MlpSpec SMALL = new MlpSpec(30, List.of(20, 10), 4, Activation.RELU);

    static List<double[]> randomWeights(MlpSpec spec, long seed) {
        Rng rng = new Rng(seed);
        List<double[]> w = new ArrayList<>();
        for (int l = 0; l < spec.layerCount(); l++) {
            double[] v = new double[spec.fanIn(l) * spec.fanOut(l)];
            for (int i = 0; i < v.length; i++) {
                v[i] = rng.normal();
            }
            w.add(v);
        }
        return w;
    }

    @Test
    void layerwisePrunesExactlyTheScheduledCountsAndOnlyShrinks() {
        PruningSpec spec = PruningSpec.outputAtHalfRate(0.2, SMALL.layerCount());
        DensitySchedule schedule = DensitySchedule.of(SMALL, spec, 12);
        for (long seed = 1; seed <= 5; seed++) {
            Mask mask = Mask.dense(SMALL);
            for (int level = 1; level <= 12; level++) {
                // New weights every level, as after retraining: the mask must still only shrink.
                Mask next = MagnitudePruner.prune(mask, randomWeights(SMALL, seed * 100 + level), spec);
                assertTrue(next.within(mask), "level " + level);
                for (int l = 0; l < SMALL.layerCount(); l++) {
                    assertEquals(schedule.kept(level, l), next.keptCount(l), "level " + level + " layer " + l);
                }
                mask = next;
            }
        }
    }

    @Test
    void prunesTheSmallestMagnitudes() {
        List<double[]> w = randomWeights(SMALL, 7);
        Mask m = MagnitudePruner.prune(Mask.dense(SMALL), w, PruningSpec.layerwise(0.3, Map.of()));
        for (int l = 0; l < SMALL.layerCount(); l++) {
            double maxPruned = 0;
            double minKept = Double.POSITIVE_INFINITY;
            for (int i = 0; i < w.get(l).length; i++) {
                double a = Math.abs(w.get(l)[i]);
                if (m.kept(l, i)) {
                    minKept = Math.min(minKept, a);
                } else {
                    maxPruned = Math.max(maxPruned, a);
                }
            }
            assertTrue(maxPruned <= minKept, "layer " + l);
        }
    }

    @Test
    void tiesAtTheThresholdPruneExactlyKEarliestFirst() {
        MlpSpec one = new MlpSpec(4, List.of(), 5, Activation.RELU); // 20 weights
        double[] w = new double[20];
        Arrays.fill(w, 0.5);
        w[3] = -0.1; // smallest
        w[17] = 0.1; // tied smallest
        Mask m = MagnitudePruner.prune(Mask.dense(one), List.of(w), PruningSpec.layerwise(0.25, Map.of())); // k = 5
        assertEquals(15, m.keptCount());
        assertFalse(m.kept(0, 3));
        assertFalse(m.kept(0, 17));
        for (int i : new int[] {0, 1, 2}) {
            assertFalse(m.kept(0, i), "ties at 0.5 go earliest index first");
        }
        for (int i = 4; i < 20; i++) {
            if (i != 17) {
                assertTrue(m.kept(0, i), "index " + i);
            }
        }
        // All equal: exactly k, never k + 1 (the threshold-inclusive rule would prune all 20).
        Arrays.fill(w, 1.0);
        assertEquals(15, MagnitudePruner.prune(Mask.dense(one), List.of(w), PruningSpec.layerwise(0.25, Map.of()))
                .keptCount());
    }

    @Test
    void deterministic() {
        List<double[]> w = randomWeights(SMALL, 3);
        PruningSpec spec = PruningSpec.global(0.4, Map.of());
        assertEquals(MagnitudePruner.prune(Mask.dense(SMALL), w, spec),
                MagnitudePruner.prune(Mask.dense(SMALL), w, spec));
    }

    @Test
    void globalPrunesExactlyKOfThePoolAndRespectsOverrides() {
        List<double[]> w = randomWeights(SMALL, 11);
        // Make layer 1 tiny so that global pruning takes most of it.
        for (int i = 0; i < w.get(1).length; i++) {
            w.get(1)[i] *= 1e-3;
        }
        long total = SMALL.weightCount();
        Mask m = MagnitudePruner.prune(Mask.dense(SMALL), w, PruningSpec.global(0.3, Map.of()));
        assertEquals(total - PruningSpec.pruneCount(total, 0.3), m.keptCount());
        assertEquals(0, m.keptCount(1), "all of the small layer goes first (200 < 0.3 * 840)");

        Mask o = MagnitudePruner.prune(Mask.dense(SMALL), w, PruningSpec.global(0.3, Map.of(2, 0.0, 1, 0.5)));
        assertEquals(40, o.keptCount(2), "rate 0: not pruned");
        assertEquals(100, o.keptCount(1), "overridden layer pruned on its own at 50 %");
        long pool = 600;
        assertEquals(pool - PruningSpec.pruneCount(pool, 0.3), o.keptCount(0));
    }

    @Test
    void controlsKeepPerLayerCounts() {
        PruningSpec spec = PruningSpec.outputAtHalfRate(0.5, 3);
        Mask ticket = MagnitudePruner.prune(Mask.dense(SMALL), randomWeights(SMALL, 5), spec);
        Mask random = Controls.randomPruning(ticket, new Rng(9));
        assertNotEquals(ticket, random);
        for (int l = 0; l < SMALL.layerCount(); l++) {
            assertEquals(ticket.keptCount(l), random.keptCount(l));
        }
        assertEquals(random, Controls.randomPruning(ticket, new Rng(9)), "seeded");
    }
}
