package dev.scalelab.pruning.net;

import dev.scalelab.core.spec.MlpSpec;
import dev.scalelab.core.spec.ModelSettings;
import dev.scalelab.core.spec.TrainSpec;
import dev.scalelab.core.task.TaskData;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.model.MlpBatch;
import dev.scalelab.engine.train.ModelOutcome;
import dev.scalelab.engine.train.Optimizer;
import dev.scalelab.engine.train.Trainer;
import dev.scalelab.engine.train.TrainingListener;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains one MLP without biases (they stay at 0: the optimizer steps the weights only) in the engine's training
 * loop: the target network of the subset-sum experiment and edge-popup's dense baseline.
 */
public final class BiasFreeTraining {
    /** The trained weights (per layer, row-major [fan_in, fan_out]), how training ended, and the wall time. */
    public record Result(List<double[]> weights, ModelOutcome outcome, double seconds) {
        public double testAccuracy() {
            return outcome.finalTestAccuracy();
        }
    }

    private BiasFreeTraining() {
    }

    /**
     * Trains from {@code init} (per layer, [fan_in, fan_out]) with {@code train}'s loss, optimizer and batch size,
     * at {@code settings}' learning rate for its steps; its seed orders the minibatches (reshuffled every epoch,
     * last incomplete batch dropped).
     */
    public static Result train(ComputeBackend backend, MlpSpec spec, TaskData data, List<double[]> init,
                               TrainSpec train, ModelSettings settings, TrainingListener listener) {
        long t0 = System.nanoTime();
        List<double[]> zeroBiases = new ArrayList<>();
        for (int l = 0; l < spec.layerCount(); l++) {
            zeroBiases.add(new double[spec.fanOut(l)]);
        }
        MlpBatch model = MlpBatch.of(backend, spec, 1, init, zeroBiases);
        Optimizer weightsOnly = Optimizer.weightsOnly(backend, train.optimizer(), model,
                new double[] {settings.learningRate()});
        ModelOutcome o = new Trainer(backend).train(model, train, List.of(settings), List.of(data), weightsOnly,
                listener).get(0);
        List<double[]> weights = new ArrayList<>();
        for (int l = 0; l < spec.layerCount(); l++) {
            weights.add(model.downloadWeights(l));
        }
        return new Result(weights, o, (System.nanoTime() - t0) / 1e9);
    }
}
