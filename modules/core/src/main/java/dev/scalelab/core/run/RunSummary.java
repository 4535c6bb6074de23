package dev.scalelab.core.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * summary.json: how a run ended. Losses are null when not measured or not finite. {@code metrics} holds the
 * measures a run asked for beyond the losses (parameter norms, linear pieces), by name; absent when none.
 * Written once, atomically; its presence is what makes a run complete.
 */
public record RunSummary(int schemaVersion, String runId, String status, long params, long samples, double flops,
                         long steps, Double finalTrainLoss, Double finalTestLoss, Double bestTrainLoss,
                         Double bestTestLoss, Double finalTestAccuracy, boolean reachedTarget, Long divergedAtStep,
                         String error, double wallSeconds, Map<String, Object> config,
                         @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Double> metrics) {

    public RunSummary {
        metrics = metrics == null ? null : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(metrics));
    }

    /** A summary without extra metrics. */
    public RunSummary(int schemaVersion, String runId, String status, long params, long samples, double flops,
                      long steps, Double finalTrainLoss, Double finalTestLoss, Double bestTrainLoss,
                      Double bestTestLoss, Double finalTestAccuracy, boolean reachedTarget, Long divergedAtStep,
                      String error, double wallSeconds, Map<String, Object> config) {
        this(schemaVersion, runId, status, params, samples, flops, steps, finalTrainLoss, finalTestLoss,
                bestTrainLoss, bestTestLoss, finalTestAccuracy, reachedTarget, divergedAtStep, error, wallSeconds,
                config, null);
    }

    public static final String DONE = "done";
    public static final String DIVERGED = "diverged";
    public static final String FAILED = "failed";

    /** The summary of a run that failed with an exception before it could finish. */
    public static RunSummary failed(String runId, long params, String error, double wallSeconds,
                                    Map<String, Object> config) {
        return new RunSummary(RunLogs.SCHEMA_VERSION, runId, FAILED, params, 0, 0, 0, null, null, null, null, null,
                false, null, error, wallSeconds, config);
    }
}
