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

    /**
     * On an even grid that is not dyadic (100,003 points) the float32 network is not exact: the input x is rounded
     * to float32 (up to half an ulp, 2^-25 below 1) and every later layer doubles the slope, so the error grows
     * like 2^k·ulp: about 2e-6 at k = 6 and 5e-4 at k = 14. The 1e-6 of the 65,537-point check holds only because
     * those grid points are dyadic.
     */
    @Test
    void onANonDyadicGridTheFloat32ErrorGrowsLikeTwoToTheK() {
        try (Nd4jBackend backend = new Nd4jBackend(Precision.FP32)) {
            double ulp = Math.ulp(1.0f); // 2^-23
            double[] err = new double[15];
            for (int k = 2; k <= 14; k += 4) {
                err[k] = SawtoothCheck.run(backend, k, 100_003).maxError();
                assertTrue(err[k] > 0, "k = " + k + " is not exact off the dyadic points");
                assertTrue(err[k] <= Math.scalb(1.0, k) * ulp, "k = " + k + ": " + err[k] + " > 2^k·ulp");
                assertTrue(err[k] >= Math.scalb(1.0, k) * ulp / 64, "k = " + k + ": " + err[k] + " ≪ 2^k·ulp");
            }
            double perStep = Math.pow(err[14] / err[6], 1.0 / 8); // growth per extra layer
            assertEquals(2.0, perStep, 0.3, "errors " + err[6] + " (k = 6) and " + err[14] + " (k = 14)");
        }
    }
}
