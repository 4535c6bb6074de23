package dev.scalelab.pruning.imp;

import dev.scalelab.core.util.Rng;
import java.util.ArrayList;
import java.util.List;

/** The two controls of a lottery ticket, on the same per-layer counts as the ticket's mask. */
public final class Controls {
    private Controls() {
    }

    /**
     * Random pruning: per layer, the same number of kept weights as {@code ticket}, at positions drawn uniformly
     * (a seeded shuffle of the layer's mask, as open_lth's random-pruning branch does).
     */
    public static Mask randomPruning(Mask ticket, Rng rng) {
        List<boolean[]> layers = new ArrayList<>();
        for (int l = 0; l < ticket.layerCount(); l++) {
            boolean[] m = ticket.layer(l);
            for (int i = m.length - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                boolean t = m[i];
                m[i] = m[j];
                m[j] = t;
            }
            layers.add(m);
        }
        return Mask.of(layers);
    }

    /**
     * The seed of the random re-initialisation control of a model initialised from {@code seed}: a fresh draw of
     * the same initialisation scheme, independent of the ticket's initial weights.
     */
    public static long reinitSeed(long seed) {
        return seed ^ 0x5EED_0F_C0_17E0L;
    }
}
