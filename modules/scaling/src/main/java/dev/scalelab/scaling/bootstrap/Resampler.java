package dev.scalelab.scaling.bootstrap;

import java.util.SplittableRandom;

/** How one bootstrap resample draws, with replacement, the indices of the points it refits. */
@FunctionalInterface
public interface Resampler {
    int[] draw(SplittableRandom random);

    /** {@code drawn} points out of {@code n}, each uniformly (drawn &lt; n for an m-out-of-n bootstrap). */
    static Resampler points(int n, int drawn) {
        return r -> {
            int[] idx = new int[drawn];
            for (int i = 0; i < drawn; i++) {
                idx[i] = r.nextInt(n);
            }
            return idx;
        };
    }

    /**
     * As many clusters as there are, each uniformly, every point of a drawn cluster coming along (a cluster drawn
     * twice, twice): {@code members[c]} are the indices of cluster c's points.
     */
    static Resampler clusters(int[][] members) {
        return r -> {
            int[] drawn = new int[members.length];
            int size = 0;
            for (int i = 0; i < drawn.length; i++) {
                drawn[i] = r.nextInt(members.length);
                size += members[drawn[i]].length;
            }
            int[] idx = new int[size];
            int at = 0;
            for (int c : drawn) {
                System.arraycopy(members[c], 0, idx, at, members[c].length);
                at += members[c].length;
            }
            return idx;
        };
    }
}
