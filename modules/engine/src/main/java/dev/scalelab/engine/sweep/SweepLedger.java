package dev.scalelab.engine.sweep;

import dev.scalelab.core.UserInputException;
import dev.scalelab.core.config.RunConfig;
import dev.scalelab.core.run.DirectoryLock;
import dev.scalelab.core.run.RunLogs;
import dev.scalelab.core.run.RunSummary;
import dev.scalelab.core.run.SweepDirectory;
import dev.scalelab.core.run.SweepManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A sweep directory's bookkeeping: what it may hold (one sweep, nothing outside it), sweep.json, which runs a
 * shard owns, which are pending, and the status counts at the end. No training, no threads.
 */
public final class SweepLedger {
    private SweepLedger() {
    }

    /**
     * sweep.json: created once, then updated with the union of all runs any invocation asked for. Concurrent
     * shards update it one at a time (a short lock around the read and the write). {@code shards}: the shard
     * count to record (null: leave it); a directory sharded into another count is refused, naming {@code asked}
     * (the flag that asked for it), unless {@code reshard}. Also used by {@code sweep submit} before any shard
     * starts, so that {@code sweep status} sees the whole sweep from the start.
     */
    public static void recordSweep(SweepDirectory dir, SweepPlan plan, Integer shards, String asked, boolean reshard)
            throws IOException {
        requireSweepDirectory(dir);
        try (DirectoryLock update = DirectoryLock.manifest(dir.root())) {
            SweepManifest old = dir.manifest();
            if (old != null && !java.util.Objects.equals(old.name(), plan.name())) {
                throw new UserInputException("--out " + dir.root() + " holds sweep '" + old.name() + "' ("
                        + SweepDirectory.MANIFEST + "), not '" + plan.name() + "'; choose another --out (a sweep "
                        + "directory holds one sweep; rename the config's name to mix them on purpose)");
            }
            Integer count = old != null ? old.shards() : null;
            if (shards != null) {
                if (count != null && !count.equals(shards) && !reshard) {
                    throw new UserInputException(asked + ": " + dir.root() + " was sharded into " + count + " ("
                            + SweepDirectory.MANIFEST + "); use N = " + count + ", or --reshard to deal its unfinished "
                            + "runs into " + shards);
                }
                count = shards;
            }
            LinkedHashSet<String> ids = new LinkedHashSet<>();
            if (old != null && old.runIds() != null) {
                ids.addAll(old.runIds());
            }
            for (RunConfig r : plan.runs()) {
                ids.add(r.id());
            }
            String now = Instant.now().toString();
            dir.writeManifest(new SweepManifest(RunLogs.SCHEMA_VERSION, plan.name(), plan.configFile(),
                    plan.method(), plan.overrides(), ids.size(), List.copyOf(ids), old != null && old.created() != null
                    ? old.created() : now, now, plan.runs().stream().map(RunConfig::id).toList(), count));
        }
    }

    /** Refuses, in one line, an existing directory of the user's own files as a sweep's --out. */
    static void requireSweepDirectory(SweepDirectory dir) throws IOException {
        Path foreign = dir.foreignEntry();
        if (foreign != null) {
            throw new UserInputException("--out " + dir.root() + " is not a sweep directory (no "
                    + SweepDirectory.MANIFEST + ") and holds other files (e.g. " + foreign.getFileName()
                    + "); choose a new or empty directory");
        }
    }

    /**
     * A pending run's directory that is a file, or that cannot be written, would leave the run pending with no
     * word of why: refuse the sweep in one line before anything runs.
     */
    static void requireUsableRunDirectories(SweepDirectory dir, List<RunConfig> pending) {
        for (RunConfig r : pending) {
            Path runDir = dir.runDir(r.id());
            if (Files.isSymbolicLink(runDir)) {
                throw new UserInputException(runDir + ": run directory is a symbolic link (to "
                        + readLink(runDir) + "); a sweep writes only inside --out: remove the link and run the sweep "
                        + "again");
            }
            if (Files.exists(runDir, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(runDir)) {
                throw new UserInputException(runDir + ": not a directory, where run " + r.id()
                        + " must be written; move it away and run the sweep again");
            }
            for (String file : List.of(SweepDirectory.SUMMARY, SweepDirectory.METRICS, SweepDirectory.CONFIG,
                    SweepDirectory.PROVENANCE)) {
                if (Files.isDirectory(runDir.resolve(file), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    throw new UserInputException(runDir.resolve(file) + ": a directory, where run " + r.id()
                            + " must write its " + file + "; move it away and run the sweep again");
                }
            }
            if (Files.isDirectory(runDir) && !Files.isWritable(runDir)) {
                throw new UserInputException(runDir + ": run directory is not writable; fix its permissions and run "
                        + "the sweep again");
            }
        }
    }

    private static String readLink(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            return "?";
        }
    }

    /**
     * The ids of the runs shard {@code shard} owns: dealt from the whole plan, not from what is pending, so every
     * shard and every requeue of a shard deals the same hands whatever has finished meanwhile.
     */
    static Set<String> owned(SweepPlan plan, Shard shard, int maxModelsPerJob, SweepListener listener) {
        List<RunJob> all = JobPlanner.plan(plan.runs(), maxModelsPerJob);
        List<RunJob> mine = shard.select(all);
        Set<String> owned = new HashSet<>();
        int runs = 0;
        for (RunJob j : mine) {
            for (RunConfig r : j.runs()) {
                owned.add(r.id());
                runs++;
            }
        }
        listener.notice(String.format(java.util.Locale.ROOT, "shard %s (from %s): %d of %d runs, %d of %d jobs",
                shard.label(), shard.source(), runs, plan.runs().size(), mine.size(), all.size()));
        return owned;
    }

    /**
     * Every run's status after the sweep (done, diverged, failed or pending); a failed run from an earlier
     * invocation gets its line in {@code failures}.
     */
    static Map<String, Integer> counts(SweepDirectory dir, List<RunConfig> runs, Map<String, String> statuses,
                                       List<String> failures) throws IOException {
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put(RunSummary.DONE, 0);
        counts.put(RunSummary.DIVERGED, 0);
        counts.put(RunSummary.FAILED, 0);
        counts.put("pending", 0);
        for (RunConfig r : runs) {
            String id = r.id();
            String status = statuses.getOrDefault(id, "pending");
            counts.merge(status, 1, Integer::sum);
            if (RunSummary.FAILED.equals(status) && failures.stream().noneMatch(f -> f.startsWith(id))) {
                failures.add(id + ": " + dir.readSummary(id).error() + " (from an earlier invocation)");
            }
        }
        return counts;
    }

    static void removeFailed(SweepDirectory dir, List<RunConfig> runs, Map<String, String> complete)
            throws IOException {
        for (RunConfig r : runs) {
            if (RunSummary.FAILED.equals(complete.get(r.id()))) {
                Files.delete(dir.file(r.id(), SweepDirectory.SUMMARY));
                complete.remove(r.id());
            }
        }
    }
}
