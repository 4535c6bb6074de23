package dev.scalelab.engine.sweep;

import dev.scalelab.core.run.RunSummary;

/** Hears how a sweep goes (progress display). Called from worker threads: implementations must be thread-safe. */
public interface SweepListener {
    SweepListener NONE = new SweepListener() { };

    /** {@code total} runs, of which {@code skipped} were complete already; {@code jobs} batched jobs to run. */
    default void started(int total, int skipped, int jobs) {
    }

    /** A logged training loss of a run in flight. */
    default void loss(String runId, long step, double trainLoss) {
    }

    default void runFinished(RunSummary summary) {
    }

    /**
     * A one-line notice about how the sweep is being run, e.g. that a job did not fit in device memory and was
     * split. By default printed to stderr as {@code sweep: LINE}, where progress goes, so that listeners written
     * before this method (and {@link #NONE}) still show it.
     */
    default void notice(String line) {
        System.err.println("sweep: " + line);
    }

    default void finished(SweepResult result) {
    }
}
