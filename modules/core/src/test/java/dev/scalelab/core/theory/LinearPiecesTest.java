package dev.scalelab.core.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.core.util.Rng;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinearPiecesTest {

    @Test
    void telgarskySawtoothHasTwoToTheKPieces() {
        for (int k = 1; k <= 14; k++) {
            long pieces = LinearPieces.count(SawtoothNetwork.weights(k), SawtoothNetwork.biases(k),
                    SawtoothNetwork.spec(k).layerSizes(), 0, 1);
            assertEquals(1L << k, pieces, "k = " + k);
            assertEquals(6L * k + 1, SawtoothNetwork.spec(k).parameterCount());
        }
    }

    @Test
    void handMadeNetworksHaveTheirKnownCounts() {
        // |x − 0.3| = relu(x − 0.3) + relu(0.3 − x): two pieces on [0, 1], one on [0.5, 1].
        List<double[]> w = List.of(new double[] {1, -1}, new double[] {1, 1});
        List<double[]> b = List.of(new double[] {-0.3, 0.3}, new double[] {0});
        List<Integer> sizes = List.of(1, 2, 1);
        assertEquals(2, LinearPieces.count(w, b, sizes, 0, 1));
        assertEquals(1, LinearPieces.count(w, b, sizes, 0.5, 1));
        // relu(x) − relu(x): kinks that cancel leave one piece (slope 0 everywhere).
        List<double[]> cancel = List.of(new double[] {1, 1}, new double[] {1, -1});
        assertEquals(1, LinearPieces.count(cancel, List.of(new double[] {0, 0}, new double[] {0}), sizes, -1, 1));
        // Three kinks at 0.2, 0.5, 0.8 with different slope changes: four pieces.
        List<double[]> three = List.of(new double[] {1, 1, 1}, new double[] {1, -3, 5});
        List<double[]> bias3 = List.of(new double[] {-0.2, -0.5, -0.8}, new double[] {0});
        assertEquals(4, LinearPieces.count(three, bias3, List.of(1, 3, 1), 0, 1));
    }

    @Test
    void oneHiddenLayerOfWidthMHasAtMostMPlusOnePieces() {
        Rng rng = new Rng(11);
        for (int trial = 0; trial < 200; trial++) {
            int m = 1 + rng.nextInt(40);
            double[] w1 = new double[m];
            double[] b1 = new double[m];
            double[] w2 = new double[m];
            for (int j = 0; j < m; j++) {
                w1[j] = rng.normal();
                b1[j] = rng.normal();
                w2[j] = rng.normal();
            }
            long pieces = LinearPieces.count(List.of(w1, w2), List.of(b1, new double[] {rng.normal()}),
                    List.of(1, m, 1), -3, 3);
            assertTrue(pieces >= 1 && pieces <= m + 1, "width " + m + ": " + pieces + " pieces");
        }
    }

    @Test
    void refusesNetworksWithMoreThanOneInputOrOutput() {
        assertThrows(IllegalArgumentException.class, () -> LinearPieces.count(List.of(new double[4], new double[2]),
                List.of(new double[2], new double[1]), List.of(2, 2, 1), 0, 1));
        assertThrows(IllegalArgumentException.class, () -> LinearPieces.count(SawtoothNetwork.weights(1),
                SawtoothNetwork.biases(1), SawtoothNetwork.spec(1).layerSizes(), 1, 1));
    }
}
