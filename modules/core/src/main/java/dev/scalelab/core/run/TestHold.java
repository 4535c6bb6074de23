package dev.scalelab.core.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test-only stop at a named point of the run store's writing, so that fault tests kill a child process exactly
 * there instead of after a guessed delay. Read once from {@code SCALELAB_TEST_HOLD}, which only tests set in the
 * environment of the processes they start:
 * <pre>SCALELAB_TEST_HOLD=POINT[:N][,run=RUN_ID]@MARKER_FILE</pre>
 * The N-th time (default 1) the process reaches POINT (for {@code metrics}: the N-th line of one run) — in run
 * RUN_ID only, when given — it creates MARKER_FILE (holding its pid and where it stopped) and then sleeps until it
 * is killed. It holds once only: when MARKER_FILE exists already (a requeued or resumed process), it goes on.
 * Unset, every call is one field read.
 */
public final class TestHold {
    public static final String ENV = "SCALELAB_TEST_HOLD";

    /** The points a process can be held at. */
    public enum Point {
        /** after the N-th metrics line of a run has been written to its metrics.jsonl */
        METRICS,
        /** before the N-th summary.json of the process is written */
        SUMMARY_BEFORE,
        /** after the N-th summary.json is in place, before its index line */
        SUMMARY_AFTER,
        /** in the middle of the N-th index.jsonl line: its first half written and flushed */
        INDEX_MID;

        String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private static final TestHold FROM_ENV = parse(System.getenv(ENV));

    private final Point point;
    private final int n;
    private final String run;
    private final Path marker;
    private final AtomicInteger reached = new AtomicInteger();

    private TestHold(Point point, int n, String run, Path marker) {
        this.point = point;
        this.n = n;
        this.run = run;
        this.marker = marker;
    }

    /**
     * Parses a hold spec; null for null or blank. A malformed spec is an {@link IllegalArgumentException}: the
     * variable is only ever set by tests, and a silently ignored hold would let a fault test pass vacuously.
     */
    public static TestHold parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return null;
        }
        int at = spec.lastIndexOf('@');
        if (at <= 0 || at == spec.length() - 1) {
            throw new IllegalArgumentException(ENV + "='" + spec + "': want POINT[:N][,run=ID]@MARKER_FILE");
        }
        String head = spec.substring(0, at);
        String run = null;
        int comma = head.indexOf(',');
        if (comma >= 0) {
            String filter = head.substring(comma + 1);
            if (!filter.startsWith("run=") || filter.length() == 4) {
                throw new IllegalArgumentException(ENV + "='" + spec + "': the filter must be run=RUN_ID");
            }
            run = filter.substring(4);
            head = head.substring(0, comma);
        }
        String[] parts = head.split(":", -1);
        Point point = null;
        for (Point p : Point.values()) {
            if (p.key().equals(parts[0])) {
                point = p;
            }
        }
        if (point == null || parts.length > 2) {
            throw new IllegalArgumentException(ENV + "='" + spec + "': unknown point '" + head
                    + "' (metrics, summary-before, summary-after, index-mid)");
        }
        int n = 1;
        if (parts.length == 2) {
            try {
                n = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                n = 0;
            }
            if (n < 1) {
                throw new IllegalArgumentException(ENV + "='" + spec + "': N must be a positive integer");
            }
        }
        return new TestHold(point, n, run, Path.of(spec.substring(at + 1)));
    }

    /** What a point does before it holds (e.g. flush what was buffered, so that the test sees it on disk). */
    @FunctionalInterface
    interface BeforeHold {
        void run() throws IOException;
    }

    /** Holds when this is the spec's point (in the spec's run), reached for the N-th time in this process. */
    static void at(Point point, String runId, BeforeHold before) throws IOException {
        at(point, runId, -1, before);
    }

    /** For points counted per run (metrics lines): {@code count} is how many times the run has reached it. */
    static void at(Point point, String runId, int count, BeforeHold before) throws IOException {
        TestHold hold = FROM_ENV;
        if (hold != null && hold.matches(point, runId, count)) {
            before.run();
            hold.stopHere(point, runId);
        }
    }

    /** Whether the N-th arrival at {@code point} (in the spec's run) is now: counts it. */
    boolean matches(Point p, String runId, int count) {
        if (p != point || (run != null && !run.equals(runId))) {
            return false;
        }
        return count >= 0 ? count == n : reached.incrementAndGet() == n;
    }

    private void stopHere(Point p, String runId) {
        try {
            Path tmp = marker.resolveSibling(marker.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
            Files.writeString(tmp, ProcessHandle.current().pid() + " " + p.key() + " " + runId + "\n",
                    StandardCharsets.UTF_8);
            try {
                Files.createLink(marker, tmp);
            } catch (FileAlreadyExistsException e) {
                return; // held once already: a resumed or requeued process goes on
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new IllegalStateException(ENV + ": cannot create the marker " + marker + ": " + e.getMessage(), e);
        }
        while (true) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                // Held until killed: an interrupt (e.g. a shutdown) does not release it.
            }
        }
    }
}
