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

/**
 * The layout of a sweep directory (docs/run-logs.md): a {@link RunStore} whose runs are {@code <run-id>/}, with
 * sweep.json and index.jsonl beside them. A run is complete exactly when its summary.json can be read
 * ({@link RunScan}); index.jsonl is derived from the summaries and repaired from them when a kill left it behind.
 */
public final class SweepDirectory {
    public static final String MANIFEST = "sweep.json";
    public static final String INDEX = "index.jsonl";
    public static final String CONFIG = RunStore.CONFIG;
    public static final String PROVENANCE = RunStore.PROVENANCE;
    public static final String METRICS = RunStore.METRICS;
    public static final String SUMMARY = RunStore.SUMMARY;
    /** Status count of runs that only an earlier invocation asked for and that never finished. */
    public static final String DROPPED = "dropped";
    /** Status count of runs whose summary.json cannot be read (redone on resume). */
    public static final String UNREADABLE = "unreadable";

    /**
     * What one pass over the directory found: the status of every complete run by run id, and the runs whose
     * summary cannot be read.
     */
    public record Statuses(Map<String, String> complete, List<RunScan.Unreadable> unreadable) {
    }

    private final Path root;

    public SweepDirectory(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** The sweep's runs as a store; {@code fsync} makes each summary durable. */
    public RunStore store(boolean fsync) {
        return new RunStore(root, fsync);
    }

    public Path runDir(String runId) {
        return root.resolve(runId);
    }

    public Path file(String runId, String name) {
        return root.resolve(runId).resolve(name);
    }

    /** Whether the run's summary.json exists and can be read. */
    public boolean isComplete(String runId) throws IOException {
        return RunScan.read(file(runId, SUMMARY)).summary() != null;
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

    /** One pass over the runs, keeping only their statuses (small even for 100,000 runs). */
    public Statuses statuses() throws IOException {
        Map<String, String> complete = new TreeMap<>();
        List<RunScan.Unreadable> unreadable = new ArrayList<>();
        if (exists()) {
            RunScan.visit(root, new RunScan.Visitor() {
                @Override
                public void complete(String run, Path dir, RunSummary summary) {
                    complete.put(run, summary.status());
                }

                @Override
                public void unreadable(RunScan.Unreadable run) {
                    unreadable.add(run);
                }
            });
        }
        unreadable.sort(java.util.Comparator.comparing(RunScan.Unreadable::run));
        return new Statuses(complete, unreadable);
    }

    /** Ids of all complete runs, sorted. */
    public List<String> completedRunIds() throws IOException {
        return new ArrayList<>(statuses().complete().keySet());
    }

    /** Every complete run's summary, by run id (runs with an unreadable summary left out: see {@link #scan}). */
    public Map<String, RunSummary> summaries() throws IOException {
        return scan().complete();
    }

    /** Every run of the directory, read once. */
    public RunScan scan() throws IOException {
        return RunScan.of(root);
    }

    /**
     * Names a sweep writes into its directory besides sweep.json: locks, indexes, run directories, and the temp
     * files of atomic writes ({@link AtomicFiles}: {@code .NAME.HEX.tmp}; a shard starting beside another can see
     * one of sweep.json's before the rename).
     */
    private static final java.util.regex.Pattern OWN_ENTRY = java.util.regex.Pattern.compile(
            "\\.lock.*|index(\\.shard-\\d+)?\\.jsonl|[0-9a-f]{12}"
                    + "|\\.(sweep\\.json|index(\\.shard-\\d+)?\\.jsonl)\\.[0-9a-f]+\\.tmp");

    /**
     * The first entry of an existing directory without sweep.json that a sweep would not have written there (a
     * user's own file or folder); null when the directory is new, empty, a sweep directory, or holds only what a
     * sweep starting beside it (another shard) writes.
     */
    public Path foreignEntry() throws IOException {
        if (!Files.isDirectory(root) || Files.exists(root.resolve(MANIFEST))) {
            return null;
        }
        try (java.util.stream.Stream<Path> entries = Files.list(root)) {
            return entries.filter(e -> !OWN_ENTRY.matcher(e.getFileName().toString()).matches()).sorted()
                    .findFirst().orElse(null);
        }
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

    /** The index file of shard {@code index} of a sharded run: each shard appends to its own. */
    public static String shardIndex(int index) {
        return "index.shard-" + index + ".jsonl";
    }

    /**
     * Every index line of the sweep, merged from index.jsonl and every shard's index file: one entry per run id
     * (the last one read, shard files after index.jsonl, in shard order), by run id.
     */
    public Map<String, IndexEntry> indexEntries() throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(root.resolve(INDEX));
        if (exists()) {
            try (DirectoryStream<Path> all = Files.newDirectoryStream(root, "index.shard-*.jsonl")) {
                List<Path> shards = new ArrayList<>();
                all.forEach(shards::add);
                shards.sort(java.util.Comparator.comparingInt(SweepDirectory::shardNumber));
                files.addAll(shards);
            }
        }
        Map<String, IndexEntry> out = new TreeMap<>();
        for (Path f : files) {
            for (IndexEntry e : JsonLines.read(f, IndexEntry.class).records()) {
                out.put(e.runId(), e);
            }
        }
        return out;
    }

    private static int shardNumber(Path p) {
        String n = p.getFileName().toString();
        try {
            return Integer.parseInt(n.substring("index.shard-".length(), n.length() - ".jsonl".length()));
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    public SweepIndex reconcileIndex() throws IOException {
        return reconcileIndex(statuses().complete().keySet());
    }

    /**
     * Makes index.jsonl list exactly the {@code complete} runs, once each: drops a truncated tail, lines of runs
     * not complete and duplicates (rewriting the file atomically if any), then appends complete runs it lacks.
     * Call with the directory lock held. Returns the open index for further appends.
     */
    public SweepIndex reconcileIndex(Set<String> complete) throws IOException {
        return reconcileIndex(INDEX, complete);
    }

    /**
     * Like {@link #reconcileIndex(Set)} for the index file {@code name}: a shard reconciles its own index file
     * ({@link #shardIndex}) over its own complete runs, with its shard lock held.
     */
    public SweepIndex reconcileIndex(String name, Set<String> complete) throws IOException {
        Path indexFile = root.resolve(name);
        List<IndexEntry> lines;
        boolean rewrite = false;
        try {
            lines = JsonLines.read(indexFile, IndexEntry.class).records();
        } catch (RunLogException e) {
            // The index is derived from the run directories: a damaged one is rebuilt from them.
            lines = List.of();
            rewrite = true;
        }
        Map<String, IndexEntry> kept = new LinkedHashMap<>();
        for (IndexEntry e : lines) {
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
            AtomicFiles.write(indexFile, sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        JsonLines.Writer writer = JsonLines.open(indexFile, false);
        Map<String, String> status = new LinkedHashMap<>();
        for (IndexEntry e : kept.values()) {
            status.put(e.runId(), e.status());
        }
        SweepIndex index = new SweepIndex(writer, indexFile, status);
        for (String id : complete) {
            if (!kept.containsKey(id)) {
                index.append(readSummary(id));
            }
        }
        return index;
    }

    /** Counts of runs by status; {@code expected} (may be null) adds runs without a summary as pending. */
    public Map<String, Integer> statusCounts(List<String> expected) throws IOException {
        return statusCounts(statuses(), expected, null);
    }

    public Map<String, Integer> statusCounts(List<String> expected, List<String> latest) throws IOException {
        return statusCounts(statuses(), expected, latest);
    }

    /**
     * Counts of runs by status. Of the {@code expected} runs (null: none) without a readable summary, those whose
     * summary cannot be read count as {@code unreadable}, the others as pending when the latest invocation asked for
     * them ({@code latest}; null = all of {@code expected}) and as {@code dropped} otherwise; these two keys are
     * present only when there are any.
     */
    public Map<String, Integer> statusCounts(Statuses statuses, List<String> expected, List<String> latest) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put(RunSummary.DONE, 0);
        counts.put(RunSummary.DIVERGED, 0);
        counts.put(RunSummary.FAILED, 0);
        counts.put("pending", 0);
        for (String status : statuses.complete().values()) {
            counts.merge(status, 1, Integer::sum);
        }
        Set<String> unreadable = new LinkedHashSet<>();
        for (RunScan.Unreadable u : statuses.unreadable()) {
            unreadable.add(u.run());
        }
        if (!unreadable.isEmpty()) {
            counts.put(UNREADABLE, unreadable.size());
        }
        Set<String> wanted = latest == null ? null : new LinkedHashSet<>(latest);
        if (expected != null) {
            for (String id : new LinkedHashSet<>(expected)) {
                if (!statuses.complete().containsKey(id) && !unreadable.contains(id)) {
                    counts.merge(wanted == null || wanted.contains(id) ? "pending" : DROPPED, 1, Integer::sum);
                }
            }
        }
        return counts;
    }
}
