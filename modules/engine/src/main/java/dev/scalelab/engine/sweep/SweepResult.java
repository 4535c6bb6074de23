package dev.scalelab.engine.sweep;

import java.util.List;
import java.util.Map;

/**
 * The outcome of one {@code sweep run} invocation. {@code counts} covers every run of the sweep (skipped ones
 * included) by status; {@code failures} lists "run-id: message" of failed runs. Timings (seconds): the whole
 * invocation, time training (backend, initial weights and the training loop, excluding its logging callbacks),
 * in logging callbacks, in building task data, and in writing run directories (config, provenance, summary,
 * index). {@code failures} also lists "run-id: not run, left pending: reason" for runs whose job could not start
 * for a reason the user must fix (missing data, a bad setting). With several workers the per-job times are summed over workers.
 */
public record SweepResult(int total, int skipped, int ran, int jobs, Map<String, Integer> counts,
                          List<String> failures, double wallSeconds, double trainSeconds, double loggingSeconds,
                          double dataSeconds, double writeSeconds) {

    public int count(String status) {
        return counts.getOrDefault(status, 0);
    }

    /**
     * 1 when any run failed (an exception) or was left pending by a setting to fix; diverged runs are results, not
     * failures, so they give 0.
     */
    public int exitCode() {
        return count("failed") > 0 || !failures.isEmpty() ? 1 : 0;
    }
}
