package dev.scalelab.scaling.fit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.scalelab.scaling.Synthetic;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

/** The Chinchilla fit does not depend on the order of the points (they are put in a canonical order). */
class OrderInvarianceTest {
    @Test
    void shuffledPointsGiveTheSameFit() {
        double[][] p = Synthetic.chinchilla(9, 120, 0.01, 1.69, 406.4, 410.7, 0.34, 0.28);
        double[][] q = shuffled(p, 77);
        ChinchillaForm form = RecoveryTest.smallGridChinchilla();
        ForkJoinPool pool = new ForkJoinPool(2);
        try {
            MultiStartFitter fitter = new MultiStartFitter(Lbfgs.tight(), pool);
            FitData a = FitData.of(p[0], p[1], p[2]);
            FitData b = FitData.of(q[0], q[1], q[2]);
            MultiStartResult ra = fitter.fit(form, a, Penalty.huber(1e-3), form.starts(a));
            MultiStartResult rb = fitter.fit(form, b, Penalty.huber(1e-3), form.starts(b));
            assertArrayEquals(ra.theta(), rb.theta(), 0.0);
            assertEquals(ra.objective(), rb.objective(), 0.0);
            assertEquals(ra.reachedBest(), rb.reachedBest());
        } finally {
            pool.shutdown();
        }
    }

    static double[][] shuffled(double[][] p, long seed) {
        int n = p[0].length;
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        double[][] q = new double[3][n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 3; k++) {
                q[k][i] = p[k][perm[i]];
            }
        }
        if (perm[0] == 0 && perm[n - 1] == n - 1) {
            throw new IllegalStateException("shuffle left the order unchanged");
        }
        return q;
    }
}
