package dev.scalelab.core.spec;

import dev.scalelab.core.UserInputException;

/**
 * What may differ between the K models of one batched training job: the seed (initial weights and batch order),
 * the data seed, the learning rate, the initial-weight scale, the step budget, the target loss (a model stops
 * once its training loss is below it; 0 disables it) and the log interval. Everything else about a job is
 * shared ({@link TrainSpec}, {@link MlpSpec}, {@link InitSpec}); no per-model setting has a second copy there.
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

    /**
     * A model at {@code learningRate} for {@code maxSteps} steps, stopping below {@code targetLoss} (0: never),
     * logging every {@code logEvery} steps, at init scale 1 and seed and data seed 0: give it its seeds with
     * {@link #withSeeds} or {@link #withSeed}.
     */
    public static ModelSettings of(double learningRate, int maxSteps, double targetLoss, int logEvery) {
        return new ModelSettings(0, 0, learningRate, 1.0, maxSteps, targetLoss, logEvery);
    }

    /** These settings for the model drawn from {@code seed} on data drawn from {@code dataSeed}. */
    public ModelSettings withSeeds(long seed, long dataSeed) {
        return new ModelSettings(seed, dataSeed, learningRate, initScale, maxSteps, targetLoss, logEvery);
    }

    /**
     * These settings for the model drawn from {@code seed}, on data the caller hands over ready-made (no task of
     * its own to draw from): its data seed is recorded as {@code seed}.
     */
    public ModelSettings withSeed(long seed) {
        return withSeeds(seed, seed);
    }

    /** These settings with another step budget and log interval. */
    public ModelSettings withBudget(int steps, int logInterval) {
        return new ModelSettings(seed, dataSeed, learningRate, initScale, steps, targetLoss, logInterval);
    }

    /**
     * Checks that every batch phase gets at least one step of this model's budget (a
     * {@link UserInputException.Field} naming train.phases otherwise).
     */
    public void checkPhases(BatchPhases phases) {
        if (!phases.isEmpty()) {
            phases.lastSteps(maxSteps, "train.phases");
        }
    }
}
