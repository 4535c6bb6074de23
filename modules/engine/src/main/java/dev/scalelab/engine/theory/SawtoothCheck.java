package dev.scalelab.engine.theory;

import dev.scalelab.core.task.TargetFunctions;
import dev.scalelab.core.theory.LinearPieces;
import dev.scalelab.core.theory.SawtoothNetwork;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.model.MlpBatch;
import dev.scalelab.engine.train.Evaluator;

/**
 * Runs Telgarsky's constructed network ({@link SawtoothNetwork}) on a backend over an even grid of [0, 1] and
 * compares it with the tent map Δ^k computed in double precision; counts its linear pieces exactly.
 */
public final class SawtoothCheck {
    /** One k: parameters (6k + 1), exact linear pieces (2^k), and the largest |network − Δ^k| on the grid. */
    public record Result(int k, long params, long pieces, double maxError, double maxOutput) {
    }

    private SawtoothCheck() {
    }

    public static Result run(ComputeBackend backend, int k, int gridPoints) {
        if (gridPoints < 2) {
            throw new IllegalArgumentException("the grid needs at least 2 points, got " + gridPoints);
        }
        double[] x = new double[gridPoints];
        for (int i = 0; i < gridPoints; i++) {
            x[i] = (double) i / (gridPoints - 1);
        }
        MlpBatch net = MlpBatch.of(backend, SawtoothNetwork.spec(k), 1, SawtoothNetwork.weights(k),
                SawtoothNetwork.biases(k));
        double[] y = new Evaluator(backend).outputs(net, x, gridPoints);
        double worst = 0;
        double top = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < gridPoints; i++) {
            worst = Math.max(worst, Math.abs(y[i] - TargetFunctions.tent(x[i], k)));
            top = Math.max(top, y[i]);
        }
        long pieces = LinearPieces.count(SawtoothNetwork.weights(k), SawtoothNetwork.biases(k),
                SawtoothNetwork.spec(k).layerSizes(), 0, 1);
        return new Result(k, SawtoothNetwork.spec(k).parameterCount(), pieces, worst, top);
    }
}
