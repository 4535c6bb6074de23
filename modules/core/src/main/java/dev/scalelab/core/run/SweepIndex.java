package dev.scalelab.core.run;

import java.io.Closeable;
import java.io.IOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * index.jsonl held open for appending by the process that holds the directory lock, with the status of every
 * run it lists (which, after {@link SweepDirectory#reconcileIndex()}, are exactly the complete runs).
 */
public final class SweepIndex implements Closeable {
    private final JsonLines.Writer writer;
    private final java.nio.file.Path file;
    private final Map<String, String> status;

    SweepIndex(JsonLines.Writer writer, java.nio.file.Path file, Map<String, String> status) {
        this.writer = writer;
        this.file = file;
        this.status = new HashMap<>(status);
    }

    /** Appends a finished run (call after its summary.json is in place). */
    public synchronized void append(RunSummary summary) throws IOException {
        IndexEntry entry = IndexEntry.of(summary);
        try {
            TestHold.at(TestHold.Point.INDEX_MID, summary.runId(), () -> writer.appendTorn(entry));
            writer.append(entry);
            writer.flush();
        } catch (IOException e) {
            throw WriteFailure.at(file, e);
        }
        status.put(summary.runId(), summary.status());
    }

    /** The status of a complete run, or null when the run has no summary. */
    public synchronized String status(String runId) {
        return status.get(runId);
    }

    public synchronized Map<String, String> statuses() {
        return Collections.unmodifiableMap(new HashMap<>(status));
    }

    @Override
    public synchronized void close() throws IOException {
        writer.close();
    }
}
