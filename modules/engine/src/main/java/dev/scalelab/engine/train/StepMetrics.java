package dev.scalelab.engine.train;

/**
 * One logged point of one model's training. Losses are NaN where not measured (no test set, not a
 * classification task). {@code trainLoss} is the loss of the batch used at this step, before its update.
 */
public record StepMetrics(int model, long step, long samples, double flops, double wallSeconds, double trainLoss,
                          double testLoss, double testAccuracy) {
}
