package dev.scalelab.core.run;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The layout of a sweep directory (docs/run-logs.md). A run is complete exactly when its summary.json exists
 * (and is not empty: an empty one is what a power cut can leave of a summary written without fsync, and counts
 * as missing); index.jsonl is derived from the summaries and repaired from them when a kill left it behind.
 */
public final class SweepDirectory {
    public static final String MANIFEST = "sweep.json";
    public static final String INDEX = "index.jsonl";
    public static final String CONFIG = "config.yaml";
    public static final String PROVENANCE = "provenance.json";
    public static final String METRICS = "metrics.jsonl";
    public static final String SUMMARY = "summary.json";
    /** Status count of runs that only an earlier invocation asked for and that never finished. */
    public static final String DROPPED = "dropped";
    private static final Pattern RUN_ID = Pattern.compile("[0-9a-f]{12}");

    private final Path root;

    public SweepDirectory(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public Path runDir(String runId) {
        return root.resolve(runId);
    }

    public Path file(String runId, String name) {
        return root.resolve(runId).resolve(name);
    }

    public boolean isComplete(String runId) {
        return isSummary(file(runId, SUMMARY));
    }

    /**
     * Whether {@code p} is a written summary: a non-empty file (an empty one is what a power cut can leave of a
     * summary written without fsync). Its presence is what makes a run complete, in a sweep or any run-log tree.
     */
    public static boolean isSummary(Path p) {
        try {
            return Files.isRegularFile(p) && Files.size(p) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    public boolean exists() {
        return Files.isDirectory(root);
    }

    public RunSummary readSummary(String runId) throws IOException {
        return RunLogs.read(file(runId, SUMMARY), RunSummary.class);
    }

    /** Writes summary.json atomically (temp file + rename); with {@code fsync} also durably (see AtomicFiles). */
    public void writeSummary(RunSummary summary, boolean fsync) throws IOException {
        AtomicFiles.write(file(summary.runId(), SUMMARY), RunLogs.pretty(summary), fsync);
    }

    public void writeSummary(RunSummary summary) throws IOException {
        writeSummary(summary, true);
    }

    /** Ids of all run directories that hold a summary, sorted. */
    public List<String> completedRunIds() throws IOException {
        List<String> ids = new ArrayList<>();
        if (!exists()) {
            return ids;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path d : dirs) {
                String name = d.getFileName().toString();
                if (RUN_ID.matcher(name).matches() && isSummary(d.resolve(SUMMARY))) {
                    ids.add(name);
                }
            }
        }
        ids.sort(null);
        return ids;
    }

    /** Every complete run's summary, by run id. */
    public Map<String, RunSummary> summaries() throws IOException {
        Map<String, RunSummary> out = new TreeMap<>();
        for (String id : completedRunIds()) {
            out.put(id, readSummary(id));
        }
        return out;
    }

    public SweepManifest manifest() throws IOException {
        Path f = root.resolve(MANIFEST);
        return Files.isRegularFile(f) ? RunLogs.read(f, SweepManifest.class) : null;
    }

    public void writeManifest(SweepManifest manifest) throws IOException {
        AtomicFiles.write(root.resolve(MANIFEST), RunLogs.pretty(manifest));
    }

    public JsonLines.Read<IndexEntry> readIndex() throws IOException {
        return JsonLines.read(root.resolve(INDEX), IndexEntry.class);
    }

    /**
     * Makes index.jsonl list exactly the complete runs, once each: drops a truncated tail, lines of runs whose
     * summary is gone and duplicates (rewriting the file atomically if any), then appends complete runs it lacks.
     * Call with the directory lock held. Returns the open index for further appends.
     */
    public SweepIndex reconcileIndex() throws IOException {
        Set<String> complete = new LinkedHashSet<>(completedRunIds());
        JsonLines.Read<IndexEntry> read = readIndex();
        Map<String, IndexEntry> kept = new LinkedHashMap<>();
        boolean rewrite = false;
        for (IndexEntry e : read.records()) {
            if (!complete.contains(e.runId()) || kept.containsKey(e.runId())) {
                rewrite = true;
                continue;
            }
            kept.put(e.runId(), e);
        }
        if (rewrite) {
            StringBuilder sb = new StringBuilder();
            for (IndexEntry e : kept.values()) {
                sb.append(RunLogs.line(e)).append('\n');
            }
            AtomicFiles.write(root.resolve(INDEX), sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        JsonLines.Writer writer = JsonLines.open(root.resolve(INDEX), false);
        Map<String, String> status = new LinkedHashMap<>();
        for (IndexEntry e : kept.values()) {
            status.put(e.runId(), e.status());
        }
        SweepIndex index = new SweepIndex(writer, status);
        for (String id : complete) {
            if (!kept.containsKey(id)) {
                index.append(readSummary(id));
            }
        }
        return index;
    }

    /** Counts of runs by status; {@code expected} (may be null) adds runs without a summary as pending. */
    public Map<String, Integer> statusCounts(List<String> expected) throws IOException {
        return statusCounts(expected, null);
    }

    /**
     * Like {@link #statusCounts(List)}, but of the runs without a summary only those in {@code latest} (the latest
     * invocation's runs; null = all of {@code expected}) are pending; the others, which only an earlier invocation
     * asked for, are counted as {@code dropped} (a key present only when there are any).
     */
    public Map<String, Integer> statusCounts(List<String> expected, List<String> latest) throws IOException {
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put(RunSummary.DONE, 0);
        counts.put(RunSummary.DIVERGED, 0);
        counts.put(RunSummary.FAILED, 0);
        counts.put("pending", 0);
        Set<String> complete = new LinkedHashSet<>(completedRunIds());
        for (String id : complete) {
            counts.merge(readSummary(id).status(), 1, Integer::sum);
        }
        Set<String> wanted = latest == null ? null : new LinkedHashSet<>(latest);
        if (expected != null) {
            for (String id : new LinkedHashSet<>(expected)) {
                if (!complete.contains(id)) {
                    counts.merge(wanted == null || wanted.contains(id) ? "pending" : DROPPED, 1, Integer::sum);
                }
            }
        }
        return counts;
    }
}
