package dev.scalelab.engine.sweep;

import java.util.List;
import java.util.Map;

/**
 * The outcome of one {@code sweep run} invocation. {@code counts} covers every run of the sweep (skipped ones
 * included) by status; {@code failures} lists "run-id: message" of failed runs. Timings (seconds): the whole
 * invocation, time inside the training loop (excluding its logging callbacks), in logging callbacks, and in
 * building task data.
 */
public record SweepResult(int total, int skipped, int ran, int jobs, Map<String, Integer> counts,
                          List<String> failures, double wallSeconds, double trainSeconds, double loggingSeconds,
                          double dataSeconds) {

    public int count(String status) {
        return counts.getOrDefault(status, 0);
    }

    /** 1 when any run failed (an exception); diverged runs are results, not failures, so they give 0. */
    public int exitCode() {
        return count("failed") > 0 ? 1 : 0;
    }
}
