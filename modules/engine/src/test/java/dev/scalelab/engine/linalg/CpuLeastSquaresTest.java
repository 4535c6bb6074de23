package dev.scalelab.engine.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.core.util.Rng;
import org.junit.jupiter.api.Test;

/** The batched pivoted-QR solver against known answers and against the SVD on exactly low-rank matrices. */
class CpuLeastSquaresTest {

    @Test
    void knownAnswers() {
        // Overdetermined, full column rank: the least-squares line through (0, 1), (1, 3), (2, 4) is y = 7/6 + 3/2 x.
        LeastSquaresBatch line = new LeastSquaresBatch(1, 3, 2, new double[] {1, 0, 1, 1, 1, 2}, new double[] {1, 3, 4});
        LeastSquaresSolutions s = CpuLeastSquares.solve(line);
        assertEquals(2, s.ranks()[0]);
        assertArrayEquals(new double[] {7.0 / 6, 1.5}, s.solution(0), 1e-14);
        // Underdetermined x1 + x2 = 2: the minimum-norm solution is (1, 1). Rank-deficient [1 1; 1 1] x = (2, 2): too.
        // The zero matrix has rank 0 and solution 0.
        LeastSquaresBatch three = new LeastSquaresBatch(3, 2, 2, new double[] {1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0},
                new double[] {2, 2, 2, 2, 5, 7});
        LeastSquaresSolutions t = CpuLeastSquares.solve(three);
        assertArrayEquals(new int[] {1, 1, 0}, t.ranks());
        assertArrayEquals(new double[] {1, 1, 1, 1, 0, 0}, t.solutions(), 1e-14);
    }

    @Test
    void badShapesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new LeastSquaresBatch(2, 3, 2, new double[6],
                new double[6]));
        assertThrows(IllegalArgumentException.class, () -> new LeastSquaresBatch(1, 0, 2, new double[0],
                new double[0]));
    }

    /**
     * A = U·V with U (n×r), V (r×m) Gaussian: rank r exactly in exact arithmetic, singular values below r at
     * rounding level in FP64, the case where a rank rule is tested hardest. Same rank as the SVD, the same
     * solution; almost all decided by the QR alone.
     */
    @Test
    void lowRankProductsMatchTheSvd() {
        Rng rng = new Rng(7);
        int problems = 0;
        int fallbacks = 0;
        for (int g = 0; g < 60; g++) {
            int n = 1 + rng.nextInt(30);
            int m = 1 + rng.nextInt(30);
            int r = rng.nextInt(Math.min(n, m) + 1);
            int k = 5;
            LeastSquaresBatch batch = LeastSquaresCases.lowRank(rng, k, n, m, r);
            double[] a = batch.matrices();
            double[] b = batch.rhs();
            LeastSquaresSolutions qr = CpuLeastSquares.solve(batch);
            for (int q = 0; q < k; q++) {
                SvdLeastSquares.Solution svd = SvdLeastSquares.solve(a, q * n * m, n, m, b, q * n);
                assertEquals(svd.rank(), qr.ranks()[q], n + "×" + m + " of rank " + r);
                assertEquals(r, svd.rank(), "the SVD finds the rank of the product");
                double[] x = qr.solution(q);
                double scale = Math.max(LeastSquaresCases.norm(svd.x()), 1e-300);
                double diff = LeastSquaresCases.distance(x, svd.x());
                assertTrue(diff <= 1e-8 * scale, n + "×" + m + " of rank " + r + ": ‖x − x_svd‖ = " + diff
                        + ", ‖x_svd‖ = " + scale);
                problems++;
            }
            fallbacks += qr.svdFallbacks();
        }
        System.out.printf("low-rank products: %d problems, %d left to the SVD%n", problems, fallbacks);
        assertTrue(fallbacks <= problems / 20, fallbacks + " of " + problems + " problems needed the SVD");
    }
}
