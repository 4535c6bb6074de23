package dev.scalelab.scaling.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A cluster resample is made of whole clusters; a point resample of single points, as before. */
class ResamplerTest {
    @Test
    void everyClusterResampleIsWholeClusters() {
        // three seeds of unequal size, their points interleaved as canonical order interleaves them
        int[][] members = {{0, 3, 6, 9}, {1, 4, 7}, {2, 5, 8, 10, 11}};
        Resampler r = Resampler.clusters(members);
        SplittableRandom root = new SplittableRandom(1);
        boolean sawRepeat = false;
        for (int b = 0; b < 200; b++) {
            int[] idx = r.draw(root.split());
            int[] count = new int[12];
            for (int i : idx) {
                count[i]++;
            }
            int drawnClusters = 0;
            for (int c = 0; c < members.length; c++) {
                int times = count[members[c][0]];
                for (int i : members[c]) {
                    assertEquals(times, count[i], "every point of cluster " + c + " comes along as often");
                }
                drawnClusters += times;
                sawRepeat |= times > 1;
            }
            assertEquals(members.length, drawnClusters, "as many clusters drawn as there are");
            int size = 0;
            for (int i = 0; i < 12; i++) {
                size += count[i];
            }
            assertEquals(idx.length, size, "nothing but the drawn clusters' points");
        }
        assertTrue(sawRepeat, "clusters are drawn with replacement");
    }

    @Test
    void pointResampleDrawsSinglePointsAsBefore() {
        int[] idx = Resampler.points(10, 4).draw(new SplittableRandom(5));
        SplittableRandom same = new SplittableRandom(5);
        assertEquals(4, idx.length);
        for (int i : idx) {
            assertEquals(same.nextInt(10), i);
        }
    }
}
