package dev.scalelab.core.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One run being written into a {@link RunStore}: metric lines are buffered and appended to metrics.jsonl by
 * opening, writing and closing the file (at least once a second, and at 64 KiB), so a run holds no file open
 * while it trains: a sweep's open files stay bounded by its worker count, whatever the number of runs in flight.
 * {@link #commit} writes config.yaml and provenance.json, then summary.json atomically: from then on the run is
 * complete. Thread-safe: a worker may append and another thread commit.
 */
public final class RunWriter {
    static final long FLUSH_NANOS = 1_000_000_000L;
    static final int FLUSH_BYTES = 1 << 16;

    private final String run;
    private final Path dir;
    private final boolean fsync;
    private final StringBuilder pending = new StringBuilder();
    private long lastFlush = System.nanoTime();
    private int lines;

    RunWriter(String run, Path dir, boolean fsync) {
        this.run = run;
        this.dir = dir;
        this.fsync = fsync;
    }

    /** The run's path below the store's root ("/"-separated). */
    public String run() {
        return run;
    }

    public Path dir() {
        return dir;
    }

    /** Buffers one line of metrics.jsonl; hands the buffer to the file when a second has passed or it is large. */
    public synchronized void append(MetricLine line) throws IOException {
        pending.append(RunLogs.line(line)).append('\n');
        if (pending.length() >= FLUSH_BYTES || System.nanoTime() - lastFlush >= FLUSH_NANOS) {
            flush();
        }
        TestHold.at(TestHold.Point.METRICS, run, ++lines, this::flush);
    }

    /** Appends the buffered lines to metrics.jsonl (creating it, empty if need be) and closes it again. */
    public synchronized void flush() throws IOException {
        Path file = dir.resolve(RunStore.METRICS);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer buf = ByteBuffer.wrap(pending.toString().getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        } catch (IOException e) {
            throw WriteFailure.at(file, e);
        }
        pending.setLength(0);
        lastFlush = System.nanoTime();
    }

    /**
     * Ends the run: flushes its metrics, writes {@code configYaml} (when not null) and its provenance with plain
     * writes (the run is incomplete until the summary appears after them), then summary.json atomically (and
     * durably when the store was opened with fsync).
     */
    public synchronized void commit(RunSummary summary, Provenance provenance, String configYaml)
            throws IOException {
        flush();
        Path file = dir.resolve(RunStore.CONFIG);
        try {
            if (configYaml != null) {
                Files.write(file, configYaml.getBytes(StandardCharsets.UTF_8));
            }
            file = dir.resolve(RunStore.PROVENANCE);
            Files.write(file, RunLogs.pretty(provenance));
            TestHold.at(TestHold.Point.SUMMARY_BEFORE, run, () -> { });
            file = dir.resolve(RunStore.SUMMARY);
            AtomicFiles.write(file, RunLogs.pretty(summary), fsync);
        } catch (IOException e) {
            throw WriteFailure.at(file, e);
        }
        TestHold.at(TestHold.Point.SUMMARY_AFTER, run, () -> { });
    }
}
