package dev.scalelab.core.spec;

import dev.scalelab.core.UserInputException;

/**
 * How the K models of a job train, the part they share: loss, optimizer (kind and hyperparameters but the
 * learning rate), batch size (0 = full batch), learning-rate schedule and batch phases. What each model has of its
 * own (learning rate, step budget, target loss, log interval, seeds) is its {@link ModelSettings}.
 */
public record TrainSpec(LossKind loss, OptimizerSpec optimizer, int batchSize, LrSchedule schedule,
                        BatchPhases phases) {

    /** Training at a constant learning rate, one batch size throughout. */
    public TrainSpec(LossKind loss, OptimizerSpec optimizer, int batchSize) {
        this(loss, optimizer, batchSize, LrSchedule.CONSTANT, BatchPhases.NONE);
    }

    public TrainSpec {
        UserInputException.require(loss != null, "loss must be given");
        UserInputException.require(optimizer != null, "optimizer must be given");
        UserInputException.require(batchSize >= 0, "batch size must be ≥ 0 (0 = full batch), got " + batchSize);
        UserInputException.require(schedule != null, "learning-rate schedule must be given");
        UserInputException.require(phases != null, "batch phases must be given (BatchPhases.NONE for none)");
    }

    public boolean fullBatch() {
        return batchSize == 0;
    }

    public int effectiveBatch(int trainSize) {
        return fullBatch() ? trainSize : Math.min(batchSize, trainSize);
    }
}
