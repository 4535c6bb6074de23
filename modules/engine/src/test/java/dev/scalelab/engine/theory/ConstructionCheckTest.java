package dev.scalelab.engine.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.core.theory.ConstructedNetwork;
import dev.scalelab.core.theory.ProductNetwork;
import dev.scalelab.core.theory.SplineNetwork;
import dev.scalelab.core.theory.SquareNetwork;
import dev.scalelab.engine.compute.Precision;
import dev.scalelab.engine.nd4j.Nd4jBackend;
import org.junit.jupiter.api.Test;

/** The constructions run by the engine on non-dyadic grids: within their bounds and near them. */
class ConstructionCheckTest {

    @Test
    void squareProductAndSplineMeetTheirBoundsInTheEngine() {
        try (Nd4jBackend backend = new Nd4jBackend(Precision.FP64)) {
            for (int m : new int[] {1, 4, 9}) {
                ConstructedNetwork sq = SquareNetwork.network(m);
                ConstructionCheck.Result r = ConstructionCheck.run(backend, sq, ConstructionCheck.grid(100_003),
                        x -> x[0] * x[0]);
                assertTrue(r.maxError() <= sq.errorBound() + 1e-15, "square m = " + m + ": " + r.maxError());
                assertTrue(r.maxError() >= 0.99 * sq.errorBound(), "square m = " + m + ": " + r.maxError());
                ConstructedNetwork pr = ProductNetwork.network(m);
                ConstructionCheck.Result p = ConstructionCheck.run(backend, pr, ConstructionCheck.grid2(301),
                        x -> x[0] * x[1]);
                assertTrue(p.maxError() <= pr.errorBound() + 1e-15, "product m = " + m + ": " + p.maxError());
                assertTrue(p.maxError() >= 0.5 * pr.errorBound(), "product m = " + m + ": " + p.maxError());
            }
            ConstructedNetwork spline = SplineNetwork.network(20, 6);
            ConstructionCheck.Result s = ConstructionCheck.run(backend, spline, ConstructionCheck.grid(10_007),
                    x -> Math.exp(x[0]));
            assertTrue(s.maxError() <= spline.errorBound() && s.maxError() >= spline.errorBound() / 4,
                    s.maxError() + " vs " + spline.errorBound());
            assertEquals(10_007, s.points());
        }
    }

    @Test
    void float32KeepsTheSquareWithinItsBoundToDepthEight() {
        try (Nd4jBackend backend = new Nd4jBackend(Precision.FP32)) {
            ConstructedNetwork sq = SquareNetwork.network(8);
            ConstructionCheck.Result r = ConstructionCheck.run(backend, sq, ConstructionCheck.grid(100_003),
                    x -> x[0] * x[0]);
            // 2^-18 = 3.8e-6; float32 adds a few ulps of 1 (6e-8 each).
            assertTrue(r.maxError() <= sq.errorBound() + 1e-6, "float32: " + r.maxError());
        }
    }
}
