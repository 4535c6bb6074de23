package dev.scalelab.core.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.core.UserInputException;
import org.junit.jupiter.api.Test;

/** The deep ReLU constructions of seed 003, in double precision: errors, sizes and largest parameters. */
class ConstructionsTest {

    /** The largest |net − x²| on n even points of [0, 1], plus the known worst points. */
    private static double squareError(ConstructedNetwork net, int n) {
        double worst = 0;
        for (int i = 0; i < n; i++) {
            double x = (double) i / (n - 1);
            worst = Math.max(worst, Math.abs(net.evaluate(x) - x * x));
        }
        return worst;
    }

    @Test
    void yarotskySquareIsExactAtNodesAndOffByTheBoundAtMidpoints() {
        for (int m = 1; m <= 10; m++) {
            ConstructedNetwork net = SquareNetwork.network(m);
            double delta = Math.scalb(1.0, -2 * m - 2);
            assertEquals(delta, net.errorBound());
            int nodes = 1 << m;
            for (int j = 0; j < nodes; j++) {
                double node = (double) j / nodes;
                double mid = (2.0 * j + 1) / (2.0 * nodes);
                assertEquals(node * node, net.evaluate(node), 1e-15, "m = " + m + " at node " + node);
                assertEquals(mid * mid + delta, net.evaluate(mid), 1e-15, "m = " + m + " at midpoint " + mid);
            }
            double onGrid = squareError(net, 100_003);
            assertTrue(onGrid <= delta * (1 + 1e-9), "m = " + m + ": " + onGrid);
            // The non-dyadic grid comes within 1% of the worst points at these depths.
            assertTrue(onGrid >= 0.99 * delta, "m = " + m + ": " + onGrid + " vs " + delta);
            assertEquals(SquareNetwork.parameterFormula(m), net.parameters());
            assertEquals(12L * m - 2, net.parameters());
            assertEquals(SquareNetwork.nonzeroFormula(m), net.nonzero());
            assertEquals(SquareNetwork.thetaMaxFormula(m), net.thetaMax());
        }
    }

    @Test
    void depthForATargetIsTheSmallestThatReachesIt() {
        assertEquals(1, SquareNetwork.depthFor(0.1)); // 2^-4 = 0.0625
        assertEquals(2, SquareNetwork.depthFor(0.05));
        assertEquals(9, SquareNetwork.depthFor(1e-6)); // 2^-20 = 9.5e-7
        assertEquals(10, ProductNetwork.depthFor(1e-6)); // 2^-21 = 4.8e-7; 2^-19 > 1e-6
        assertThrows(UserInputException.class, () -> SquareNetwork.depthFor(0));
        assertThrows(UserInputException.class, () -> SquareNetwork.depthFor(-1e-3));
        assertThrows(UserInputException.class, () -> SquareNetwork.network(0));
    }

    @Test
    void productFromThreeSquaresReachesTwiceTheSquaresBound() {
        for (int m = 1; m <= 8; m++) {
            ConstructedNetwork net = ProductNetwork.network(m);
            double bound = Math.scalb(1.0, -2 * m - 1);
            assertEquals(bound, net.errorBound());
            double y = Math.scalb(1.0, -m);
            assertEquals(bound, net.evaluate(0, y), 1e-15, "m = " + m + ": the worst point (0, 2^-m)");
            double worst = 0;
            int n = 211;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double a = (double) i / (n - 1);
                    double b = (double) j / (n - 1);
                    worst = Math.max(worst, Math.abs(net.evaluate(a, b) - a * b));
                }
            }
            assertTrue(worst <= bound * (1 + 1e-9), "m = " + m + ": " + worst);
            assertTrue(worst >= 0.5 * bound, "m = " + m + ": the grid sees at least half the bound: " + worst);
            assertEquals(ProductNetwork.parameterFormula(m), net.parameters());
            assertEquals(ProductNetwork.nonzeroFormula(m), net.nonzero());
            assertEquals(ProductNetwork.thetaMaxFormula(m), net.thetaMax());
        }
    }

    @Test
    void splineOfExpStaysWithinItsBoundAndNearIt() {
        int[][] sizes = {{1, 1}, {2, 3}, {4, 4}, {10, 5}, {30, 7}, {100, 9}};
        for (int[] s : sizes) {
            ConstructedNetwork net = SplineNetwork.network(s[0], s[1]);
            double worst = 0;
            int n = 20_011;
            for (int i = 0; i < n; i++) {
                double x = (double) i / (n - 1);
                worst = Math.max(worst, Math.abs(net.evaluate(x) - Math.exp(x)));
            }
            double bound = SplineNetwork.bound(s[0], s[1]);
            assertTrue(worst <= bound, s[0] + " pieces, depth " + s[1] + ": " + worst + " > " + bound);
            assertTrue(worst >= bound / 4, s[0] + " pieces, depth " + s[1] + ": " + worst + " ≪ " + bound);
            assertEquals(SplineNetwork.parameterFormula(s[0], s[1]), net.parameters());
            assertEquals(SplineNetwork.nonzeroFormula(s[0], s[1]), net.nonzero());
            if (s[1] >= 2) {
                assertEquals(4.0, net.thetaMax());
            }
        }
    }

    @Test
    void splineSizeForATargetMeetsIt() {
        for (double eps : new double[] {1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6}) {
            int[] size = SplineNetwork.sizeFor(eps);
            assertTrue(SplineNetwork.bound(size[0], size[1]) <= eps);
            assertTrue(SplineNetwork.splineBound(size[0] - 1) > eps / 2 || size[0] == 1);
        }
        assertThrows(UserInputException.class, () -> SplineNetwork.sizeFor(0));
    }
}
