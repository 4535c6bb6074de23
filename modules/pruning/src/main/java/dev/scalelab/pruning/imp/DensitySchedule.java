package dev.scalelab.pruning.imp;

import dev.scalelab.core.spec.MlpSpec;

/**
 * Weights kept per layer after each level of pruning, computed from counts alone (no weights needed). The
 * pruner removes exactly these counts, so a schedule is what an IMP run will reach.
 */
public final class DensitySchedule {
    private final long[] layerSizes;
    private final long[][] kept; // [level][layer]

    private DensitySchedule(long[] layerSizes, long[][] kept) {
        this.layerSizes = layerSizes;
        this.kept = kept;
    }

    /** Levels 0 (dense) to {@code levels}. Global pooling is not predictable from counts alone: layerwise only. */
    public static DensitySchedule of(MlpSpec spec, PruningSpec pruning, int levels) {
        if (pruning.strategy() != PruningSpec.Strategy.LAYERWISE) {
            throw new IllegalArgumentException("a count-only schedule needs layerwise pruning");
        }
        int layers = spec.layerCount();
        long[] sizes = new long[layers];
        for (int l = 0; l < layers; l++) {
            sizes[l] = (long) spec.fanIn(l) * spec.fanOut(l);
        }
        long[][] kept = new long[levels + 1][layers];
        kept[0] = sizes.clone();
        for (int r = 1; r <= levels; r++) {
            for (int l = 0; l < layers; l++) {
                kept[r][l] = kept[r - 1][l] - PruningSpec.pruneCount(kept[r - 1][l], pruning.rateOf(l));
            }
        }
        return new DensitySchedule(sizes, kept);
    }

    public int levels() {
        return kept.length - 1;
    }

    public long kept(int level, int layer) {
        return kept[level][layer];
    }

    public long kept(int level) {
        long n = 0;
        for (long v : kept[level]) {
            n += v;
        }
        return n;
    }

    public long total() {
        long n = 0;
        for (long v : layerSizes) {
            n += v;
        }
        return n;
    }

    /** Fraction of all weights kept after {@code level} levels. */
    public double density(int level) {
        return (double) kept(level) / total();
    }

    /** The first level whose density is at most {@code target}, or -1 when none of the levels reaches it. */
    public int firstLevelAtOrBelow(double target) {
        for (int r = 0; r < kept.length; r++) {
            if (density(r) <= target) {
                return r;
            }
        }
        return -1;
    }
}
