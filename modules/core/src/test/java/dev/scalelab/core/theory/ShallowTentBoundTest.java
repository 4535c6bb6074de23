package dev.scalelab.core.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.core.UserInputException;
import org.junit.jupiter.api.Test;

/**
 * The piece-count lower bound for Δ^k, checked against brute force: the best piecewise-affine fit with m
 * breakpoints restricted to a grid (dynamic programming over segments, least squares on a fine sample), whose
 * error can only be above the true optimum over all breakpoints, hence above the bound, and is 0 once m ≥ 2^k − 1.
 */
class ShallowTentBoundTest {

    private static double tent(double x, int k) {
        for (int i = 0; i < k; i++) {
            x = x <= 0.5 ? 2 * x : 2 * (1 - x);
        }
        return x;
    }

    /** Best MSE on the sample of a function affine on each of ≤ m + 1 segments whose ends are on the grid. */
    private static double bruteForce(int k, int m, int cells, int samplesPerCell) {
        int n = cells * samplesPerCell;
        double[] sx = new double[n + 1];
        double[] sy = new double[n + 1];
        double[] sxx = new double[n + 1];
        double[] sxy = new double[n + 1];
        double[] syy = new double[n + 1];
        for (int i = 0; i < n; i++) {
            double x = (i + 0.5) / n;
            double y = tent(x, k);
            sx[i + 1] = sx[i] + x;
            sy[i + 1] = sy[i] + y;
            sxx[i + 1] = sxx[i] + x * x;
            sxy[i + 1] = sxy[i] + x * y;
            syy[i + 1] = syy[i] + y * y;
        }
        double[][] cost = new double[cells + 1][cells + 1];
        for (int a = 0; a < cells; a++) {
            for (int b = a + 1; b <= cells; b++) {
                int i = a * samplesPerCell;
                int j = b * samplesPerCell;
                double c = j - i;
                double mx = (sx[j] - sx[i]) / c;
                double my = (sy[j] - sy[i]) / c;
                double vxx = (sxx[j] - sxx[i]) / c - mx * mx;
                double vxy = (sxy[j] - sxy[i]) / c - mx * my;
                double vyy = (syy[j] - syy[i]) / c - my * my;
                cost[a][b] = Math.max(0, c * (vyy - vxy * vxy / vxx));
            }
        }
        double[] best = new double[cells + 1];
        java.util.Arrays.fill(best, Double.POSITIVE_INFINITY);
        for (int b = 1; b <= cells; b++) {
            best[b] = cost[0][b];
        }
        for (int piece = 1; piece <= m; piece++) {
            double[] next = best.clone();
            for (int b = 1; b <= cells; b++) {
                for (int a = 1; a < b; a++) {
                    next[b] = Math.min(next[b], best[a] + cost[a][b]);
                }
            }
            best = next;
        }
        return best[cells] / n;
    }

    @Test
    void closedFormByHand() {
        assertEquals(1.0 / 12, ShallowTentBound.squaredL2(3, 0), 1e-15); // the best constant: Var(Δ³)
        assertEquals(1.0 / 48, ShallowTentBound.squaredL2(3, 3), 1e-15); // one tent of four, 2^-2/12
        assertEquals(0.0, ShallowTentBound.squaredL2(3, 4));
        assertEquals(0.5, ShallowTentBound.sup(3, 3));
        assertEquals(0.0, ShallowTentBound.sup(3, 4));
        assertEquals(4, ShallowTentBound.widthFor(3, 1e-9));
        assertEquals(128, ShallowTentBound.widthFor(8, 1e-9));
        assertEquals(0, ShallowTentBound.widthFor(3, 1.0 / 12));
        assertThrows(UserInputException.class, () -> ShallowTentBound.squaredL2(0, 1));
        assertThrows(UserInputException.class, () -> ShallowTentBound.squaredL2(3, -1));
        assertThrows(UserInputException.class, () -> ShallowTentBound.widthFor(3, 0));
    }

    @Test
    void boundIsBelowTheBruteForceOptimumAndTightAtBothEnds() {
        for (int k = 1; k <= 3; k++) {
            int cells = 8 << k; // breakpoints every 1/(8·2^k): the kinks of Δ^k are on the grid
            for (int m = 0; m <= (1 << k); m++) {
                double brute = bruteForce(k, m, cells, 16);
                double bound = ShallowTentBound.squaredL2(k, m);
                // The midpoint samples lose O(1/n²) of the integral: a relative 1e-3 allows for it.
                assertTrue(bound <= brute * (1 + 1e-3) + 1e-12, "k = " + k + ", m = " + m + ": bound " + bound + " > " + brute);
                if (m == 0) {
                    assertEquals(1.0 / 12, brute, 1e-3, "k = " + k + ": a constant");
                }
                if (m >= (1 << k) - 1) {
                    assertEquals(0.0, brute, 1e-12, "k = " + k + ", m = " + m + ": Δ^k itself");
                }
            }
        }
    }
}
