package dev.scalelab.core.geometry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.scalelab.core.util.Rng;
import org.junit.jupiter.api.Test;

class TwoNearestNeighboursTest {

    @Test
    void distancesOfHandMadePoints() {
        // x = 0, 1, 3, 7 on a line drawn in 2-D along (0.6, 0.8), so the distances are the gaps.
        double[] xs = {0, 1, 3, 7};
        double[] points = new double[8];
        for (int i = 0; i < 4; i++) {
            points[2 * i] = 0.6 * xs[i];
            points[2 * i + 1] = 0.8 * xs[i];
        }
        NeighbourDistances d = TwoNearestNeighbours.of(points, 4, 2, 1);
        assertArrayEquals(new double[] {1, 1, 2, 4}, d.first(), 1e-12);
        assertArrayEquals(new double[] {3, 2, 3, 6}, d.second(), 1e-12);
    }

    @Test
    void matchesNaiveSearchOnRandomPoints() {
        // 37 columns: two full chunks of 16 and a remainder; 100 rows: three full row blocks and a partial one.
        int n = 100;
        int cols = 37;
        Rng rng = new Rng(7);
        double[] points = new double[n * cols];
        for (int k = 0; k < points.length; k++) {
            points[k] = rng.normal();
        }
        NeighbourDistances d = TwoNearestNeighbours.of(points, n, cols, 2);
        for (int i = 0; i < n; i++) {
            double best1 = Double.POSITIVE_INFINITY;
            double best2 = Double.POSITIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                if (j == i) {
                    continue;
                }
                double s = 0;
                for (int k = 0; k < cols; k++) {
                    double t = points[i * cols + k] - points[j * cols + k];
                    s += t * t;
                }
                if (s < best1) {
                    best2 = best1;
                    best1 = s;
                } else if (s < best2) {
                    best2 = s;
                }
            }
            assertEquals(Math.sqrt(best1), d.first()[i], 1e-12 * Math.sqrt(best1), "first distance of point " + i);
            assertEquals(Math.sqrt(best2), d.second()[i], 1e-12 * Math.sqrt(best2), "second distance of point " + i);
        }
    }

    @Test
    void sameDistancesOnAnyThreadCount() {
        int n = 500;
        double[] points = ManifoldSamples.subspace(n, 3, 20, new Rng(11));
        NeighbourDistances one = TwoNearestNeighbours.of(points, n, 20, 1);
        for (int threads : new int[] {2, 3, 8}) {
            NeighbourDistances many = TwoNearestNeighbours.of(points, n, 20, threads);
            assertArrayEquals(one.first(), many.first(), "first distances on " + threads + " threads");
            assertArrayEquals(one.second(), many.second(), "second distances on " + threads + " threads");
        }
    }

    @Test
    void aDuplicateHasFirstDistanceZero() {
        double[] points = {0, 0, 2, 0, 2, 0, 5, 0};
        NeighbourDistances d = TwoNearestNeighbours.of(points, 4, 2, 1);
        assertArrayEquals(new double[] {2, 0, 0, 3}, d.first());
        assertArrayEquals(new double[] {2, 2, 2, 3}, d.second());
    }
}
