package dev.scalelab.core.spec;

import dev.scalelab.core.UserInputException;

/**
 * What may differ between the K models of one batched training job: the seed (initial weights and batch order),
 * the data seed, the learning rate, the initial-weight scale, the step budget, the target loss (a model stops
 * once its training loss is below it; 0 disables it) and the log interval. Everything else about a job is
 * shared ({@link TrainSpec}, {@link MlpSpec}, {@link InitSpec}).
 */
public record ModelSettings(long seed, long dataSeed, double learningRate, double initScale, int maxSteps,
                            double targetLoss, int logEvery) {

    public ModelSettings {
        UserInputException.require(learningRate >= 0 && Double.isFinite(learningRate),
                "learning rate must be finite and ≥ 0, got " + learningRate);
        UserInputException.require(initScale >= 0 && Double.isFinite(initScale),
                "init scale must be finite and ≥ 0, got " + initScale);
        UserInputException.require(maxSteps > 0, "steps must be positive, got " + maxSteps);
        UserInputException.require(targetLoss >= 0 && Double.isFinite(targetLoss),
                "target loss must be ≥ 0, got " + targetLoss);
        UserInputException.require(logEvery > 0, "log interval must be positive, got " + logEvery);
    }
}
