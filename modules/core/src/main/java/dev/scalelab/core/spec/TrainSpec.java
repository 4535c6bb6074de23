package dev.scalelab.core.spec;

import dev.scalelab.core.UserInputException;

/**
 * How to train: loss, optimizer, batch size (0 = full batch), step budget, and the stopping rule
 * (stop a model once its training loss is below {@code targetLoss}; 0 disables it). In a batched job the
 * learning rate, step budget, target loss and log interval are each model's own ({@link ModelSettings}); the
 * values here are what {@link #forModel} gives every model.
 */
public record TrainSpec(LossKind loss, OptimizerSpec optimizer, int batchSize, int maxSteps, double targetLoss,
                        int logEvery, LrSchedule schedule, BatchPhases phases) {

    public TrainSpec(LossKind loss, OptimizerSpec optimizer, int batchSize, int maxSteps, double targetLoss,
                     int logEvery, LrSchedule schedule) {
        this(loss, optimizer, batchSize, maxSteps, targetLoss, logEvery, schedule, BatchPhases.NONE);
    }

    /** A run at a constant learning rate. */
    public TrainSpec(LossKind loss, OptimizerSpec optimizer, int batchSize, int maxSteps, double targetLoss,
                     int logEvery) {
        this(loss, optimizer, batchSize, maxSteps, targetLoss, logEvery, LrSchedule.CONSTANT);
    }

    public TrainSpec {
        UserInputException.require(loss != null, "loss must be given");
        UserInputException.require(optimizer != null, "optimizer must be given");
        UserInputException.require(batchSize >= 0, "batch size must be ≥ 0 (0 = full batch), got " + batchSize);
        UserInputException.require(maxSteps > 0, "steps must be positive, got " + maxSteps);
        UserInputException.require(targetLoss >= 0 && Double.isFinite(targetLoss),
                "target loss must be ≥ 0, got " + targetLoss);
        UserInputException.require(logEvery > 0, "log interval must be positive, got " + logEvery);
        UserInputException.require(schedule != null, "learning-rate schedule must be given");
        UserInputException.require(phases != null, "batch phases must be given (BatchPhases.NONE for none)");
        if (!phases.isEmpty()) {
            phases.lastSteps(maxSteps, "train.phases");
        }
    }

    /** The settings of a model trained as this spec says, from {@code seed}, on data drawn from {@code dataSeed}. */
    public ModelSettings forModel(long seed, long dataSeed) {
        return new ModelSettings(seed, dataSeed, optimizer.learningRate(), 1.0, maxSteps, targetLoss, logEvery);
    }

    /**
     * The settings of a model trained as this spec says from {@code seed} on data the caller hands over ready-made
     * (no task of its own to draw from): its data seed is recorded as {@code seed}.
     */
    public ModelSettings forModel(long seed) {
        return forModel(seed, seed);
    }

    public boolean fullBatch() {
        return batchSize == 0;
    }

    public int effectiveBatch(int trainSize) {
        return fullBatch() ? trainSize : Math.min(batchSize, trainSize);
    }
}
