package dev.scalelab.engine.train;

/**
 * The end of one model's training. Test values are NaN when the task has no test set; {@code divergedAtStep}
 * is -1 unless the model diverged.
 */
public record ModelOutcome(ModelStatus status, long steps, long samples, double finalTrainLoss, double bestTrainLoss,
                           double finalTestLoss, double bestTestLoss, double finalTestAccuracy, long divergedAtStep) {

    public boolean reachedTarget() {
        return status == ModelStatus.REACHED_TARGET;
    }
}
