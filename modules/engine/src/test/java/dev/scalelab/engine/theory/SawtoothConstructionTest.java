package dev.scalelab.engine.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.core.task.TargetFunctions;
import dev.scalelab.core.theory.SawtoothNetwork;
import dev.scalelab.engine.compute.Precision;
import dev.scalelab.engine.model.MlpBatch;
import dev.scalelab.engine.nd4j.Nd4jBackend;
import dev.scalelab.engine.train.Evaluator;
import org.junit.jupiter.api.Test;

/** Telgarsky's width-2 network, run by the engine in float32, is the k-fold tent map on a fine grid of [0, 1]. */
class SawtoothConstructionTest {
    private static final int GRID = 65_537;

    @Test
    void constructedNetworkComputesTheTentMapExactlyInFloat32() {
        try (Nd4jBackend backend = new Nd4jBackend(Precision.FP32)) {
            double[] x = new double[GRID];
            for (int i = 0; i < GRID; i++) {
                x[i] = (double) i / (GRID - 1);
            }
            for (int k = 1; k <= 14; k++) {
                MlpBatch net = MlpBatch.of(backend, SawtoothNetwork.spec(k), 1, SawtoothNetwork.weights(k),
                        SawtoothNetwork.biases(k));
                double[] y = new Evaluator(backend).outputs(net, x, GRID);
                double worst = 0;
                double top = 0;
                for (int i = 0; i < GRID; i++) {
                    worst = Math.max(worst, Math.abs(y[i] - TargetFunctions.tent(x[i], k)));
                    top = Math.max(top, y[i]);
                }
                assertTrue(worst <= 1e-6, "k = " + k + ": max error " + worst);
                assertEquals(1.0, top, 1e-6, "k = " + k + " reaches the peaks");
            }
        }
    }
}
