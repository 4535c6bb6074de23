package dev.scalelab.core.run;

/** One line of index.jsonl: a finished run, for quick listing without opening every summary. */
public record IndexEntry(int schemaVersion, String runId, String status, long params, long samples, double flops,
                         long steps, Double finalTrainLoss, Double finalTestLoss, double wallSeconds) {

    public static IndexEntry of(RunSummary s) {
        return new IndexEntry(RunLogs.SCHEMA_VERSION, s.runId(), s.status(), s.params(), s.samples(), s.flops(),
                s.steps(), s.finalTrainLoss(), s.finalTestLoss(), s.wallSeconds());
    }
}
