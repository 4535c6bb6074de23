package dev.scalelab.scaling.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LbfgsTest {
    @Test
    void minimizesRosenbrockToTightTolerance() {
        DifferentiableFunction rosen = (x, g) -> {
            double a = 1 - x[0];
            double b = x[1] - x[0] * x[0];
            g[0] = -2 * a - 400 * x[0] * b;
            g[1] = 200 * b;
            return a * a + 100 * b * b;
        };
        LbfgsResult r = Lbfgs.tight().minimize(rosen, new double[] {-1.2, 1.0});
        assertTrue(r.converged(), r.reason());
        assertEquals(1.0, r.x()[0], 1e-8);
        assertEquals(1.0, r.x()[1], 1e-8);
    }

    @Test
    void reportsNonFiniteStart() {
        LbfgsResult r = Lbfgs.tight().minimize((x, g) -> Double.NaN, new double[] {0});
        assertTrue(!r.converged());
    }
}
