package dev.scalelab.engine.memorization;

import dev.scalelab.core.UserInputException;
import dev.scalelab.core.spec.Activation;
import dev.scalelab.core.spec.LossKind;
import dev.scalelab.core.spec.ModelSettings;
import dev.scalelab.core.spec.OptimizerSpec;
import dev.scalelab.core.spec.TrainSpec;
import java.util.List;

/**
 * The memorization experiment (seed Demo 6.1 and Theorem 2.1): N random points x ~ N(0, I_d) with labels
 * y ~ N(0, 1), two-layer networks d → H → 1 for each H in {@code widths}, {@code seeds} trials per width
 * (trial s uses seed firstSeed + s for data and initialisation), Adam at {@code learningRate}, full batch, at
 * most {@code maxSteps} steps; a trial succeeds when the training MSE goes below {@code targetLoss}.
 */
public record MemorizationSpec(int n, int d, List<Integer> widths, int seeds, long firstSeed, double learningRate,
                               int maxSteps, double targetLoss, Activation activation) {

    public static final int MAX_WIDTH = 100_000;

    public MemorizationSpec {
        UserInputException.require(n > 0, "--n: N must be positive, got " + n);
        UserInputException.require(n <= 20_000, "--n: N must be ≤ 20000 (dense SVD of an N×H matrix), got " + n);
        UserInputException.require(d > 0, "--d: d must be positive, got " + d);
        UserInputException.require(!widths.isEmpty(), "--widths: give at least one hidden width");
        for (int h : widths) {
            UserInputException.require(h >= 1 && h <= MAX_WIDTH,
                    "--widths: hidden width must be in 1.." + MAX_WIDTH + ", got " + h);
        }
        widths = List.copyOf(widths);
        UserInputException.require(seeds >= 1 && seeds <= 1024, "--seeds: must be in 1..1024, got " + seeds);
        UserInputException.require(learningRate > 0 && Double.isFinite(learningRate),
                "--lr: must be positive, got " + learningRate);
        UserInputException.require(maxSteps >= 1, "--steps: must be positive, got " + maxSteps);
        UserInputException.require(targetLoss > 0, "--target: must be positive, got " + targetLoss);
    }

    /** What every trial shares: MSE, Adam, full batch. */
    public TrainSpec trainSpec() {
        return new TrainSpec(LossKind.MSE, OptimizerSpec.adam(), 0);
    }

    /**
     * Each trial's model: seed firstSeed + s for its data and initial weights, Adam at {@code learningRate} for at
     * most {@code maxSteps} steps, stopping below {@code targetLoss}, one log line at the end.
     */
    public List<ModelSettings> modelSettings() {
        ModelSettings trial = ModelSettings.of(learningRate, maxSteps, targetLoss, maxSteps);
        return java.util.stream.LongStream.range(firstSeed, firstSeed + seeds).mapToObj(trial::withSeed).toList();
    }

    /**
     * Host bytes the widest width needs at once, estimated: its {@code seeds} models in FP32 (parameters,
     * gradients and two Adam moments, plus the N × H activations and their gradients) and the certificates' FP64
     * N × H feature matrices with a factorisation's copy. An estimate, to refuse what cannot fit before
     * allocating; not a bound.
     */
    public long peakBytes() {
        int widest = java.util.Collections.max(widths);
        long perModel = 4L * (5 * parameters(widest) + (long) n * (d + 4 + 3L * widest));
        long certificate = 8L * 2 * n * widest;
        return seeds * (perModel + certificate);
    }

    /** Parameters of the d → H → 1 network: H(d + 2) + 1. */
    public long parameters(int width) {
        return (long) width * (d + 2) + 1;
    }
}
