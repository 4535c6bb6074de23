package dev.scalelab.engine.train;

import dev.scalelab.core.run.RunLogs;
import dev.scalelab.core.run.RunSummary;
import dev.scalelab.core.spec.MlpSpec;
import java.util.Map;

/**
 * The end of one model's training. Test values are NaN when the task has no test set; {@code divergedAtStep}
 * is -1 unless the model diverged.
 */
public record ModelOutcome(ModelStatus status, long steps, long samples, double finalTrainLoss, double bestTrainLoss,
                           double finalTestLoss, double bestTestLoss, double finalTestAccuracy, long divergedAtStep) {

    public boolean reachedTarget() {
        return status == ModelStatus.REACHED_TARGET;
    }

    /**
     * The run's summary.json for this outcome: done or diverged, {@code params} trained parameters (what the model
     * uses), non-finite losses as null, {@code metrics} (null: none) beside the losses.
     */
    public RunSummary summary(String runId, long params, double wallSeconds, Map<String, Object> config,
                              Map<String, Double> metrics) {
        boolean diverged = status == ModelStatus.DIVERGED;
        return new RunSummary(RunLogs.SCHEMA_VERSION, runId, diverged ? RunSummary.DIVERGED : RunSummary.DONE,
                params, samples, MlpSpec.trainingFlops(params, samples), steps, RunLogs.finite(finalTrainLoss),
                RunLogs.finite(finalTestLoss), RunLogs.finite(bestTrainLoss), RunLogs.finite(bestTestLoss),
                RunLogs.finite(finalTestAccuracy), reachedTarget(), diverged ? divergedAtStep : null, null,
                wallSeconds, config, metrics);
    }
}
