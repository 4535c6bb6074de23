package dev.scalelab.engine.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.engine.compute.Precision;
import dev.scalelab.engine.nd4j.Nd4jBackend;
import org.junit.jupiter.api.Test;

/** Telgarsky's width-2 network, run by the engine in float32, is the k-fold tent map on a fine grid of [0, 1]. */
class SawtoothConstructionTest {

    @Test
    void constructedNetworkComputesTheTentMapExactlyInFloat32() {
        try (Nd4jBackend backend = new Nd4jBackend(Precision.FP32)) {
            for (int k = 1; k <= 14; k++) {
                SawtoothCheck.Result r = SawtoothCheck.run(backend, k, 65_537);
                assertTrue(r.maxError() <= 1e-6, "k = " + k + ": max error " + r.maxError());
                assertEquals(1.0, r.maxOutput(), 1e-6, "k = " + k + " reaches the peaks");
                assertEquals(1L << k, r.pieces());
                assertEquals(6L * k + 1, r.params());
            }
        }
    }

    @Test
    void aThreePointGridSeesTheFirstTentExactly() {
        try (Nd4jBackend backend = new Nd4jBackend(Precision.FP32)) {
            // The grid's midpoint x = ½ is where Δ peaks; a grid of 3 points sees Δ¹ at 0, ½, 1 = 0, 1, 0.
            SawtoothCheck.Result r = SawtoothCheck.run(backend, 1, 3);
            assertEquals(0.0, r.maxError());
            assertEquals(1.0, r.maxOutput());
        }
    }
}
