package dev.scalelab.engine.sweep;

import dev.scalelab.core.UserInputException;
import dev.scalelab.core.config.RunConfig;
import dev.scalelab.core.run.DirectoryLock;
import dev.scalelab.core.run.OutputPaths;
import dev.scalelab.core.run.Provenance;
import dev.scalelab.core.run.ProvenanceProbe;
import dev.scalelab.core.run.SweepDirectory;
import dev.scalelab.core.run.SweepIndex;
import dev.scalelab.core.task.TaskFactory;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.compute.Precision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Runs a sweep into a directory, resumably: takes the directory lock, records the sweep in sweep.json, repairs
 * the index, skips every run whose summary.json exists, groups the rest into batched jobs by shape and runs the
 * jobs on {@code workers} threads (each job on its own backend instance). A job that throws marks its runs
 * failed and the sweep goes on; one that runs out of device memory (or Java heap) is split in two and retried
 * ({@link JobExecutor}); one stopped by a setting the user must fix (missing data) leaves its runs pending, named
 * in the result, and the sweep goes on; a run store that cannot be written (a full disk) stops the sweep, runs in
 * flight staying pending.
 */
public final class SweepRunner {
    /** The most models batched into one job; bigger groups are split evenly. */
    public static final int DEFAULT_MAX_MODELS = 256;

    /**
     * {@code threads}: native threads per op (0: automatic). {@code retryFailed}: runs whose summary says failed
     * are removed first and run again. {@code fsync}: make each summary durable (fsync before the rename) - a
     * kill -9 never needs it (the rename is atomic either way); it guards against power cuts at a cost of
     * milliseconds per run. {@code command}: the command line, for provenance. {@code shard}: run only this
     * share of the sweep's jobs, beside the other shards in the same directory (null: the whole sweep);
     * {@code reshard}: allow a shard count other than the directory's. {@code devices}: one worker per device
     * (ordinals; empty: all), each job on whichever device frees first; null: {@code workers} unpinned workers.
     */
    public record Options(Path out, int workers, int threads, int maxModelsPerJob, boolean retryFailed,
                          boolean fsync, String command, Shard shard, boolean reshard, List<Integer> devices) {
        public Options {
            if (workers < 1) {
                throw new UserInputException("--workers must be at least 1, got " + workers);
            }
            if (threads < 0) {
                throw new UserInputException("--threads must be at least 1 (or 0: automatic), got " + threads);
            }
            devices = devices == null ? null : List.copyOf(devices);
        }

        public Options(Path out, int workers, int threads, int maxModelsPerJob, boolean retryFailed, boolean fsync,
                       String command) {
            this(out, workers, threads, maxModelsPerJob, retryFailed, fsync, command, null, false, null);
        }

        public static Options defaults(Path out) {
            return new Options(out, 1, 0, DEFAULT_MAX_MODELS, false, false, "");
        }

        /** These options for shard {@code shard} ({@code reshard}: even if the directory has another count). */
        public Options withShard(Shard shard, boolean reshard) {
            return new Options(out, workers, threads, maxModelsPerJob, retryFailed, fsync, command, shard, reshard,
                    devices);
        }

        /**
         * These options with one worker pinned to each of {@code devices} (device ordinals; empty: every device
         * the backend has here); null: no pinning.
         */
        public Options withDevices(List<Integer> devices) {
            return new Options(out, workers, threads, maxModelsPerJob, retryFailed, fsync, command, shard, reshard,
                    devices);
        }
    }

    private final Options options;
    private final SweepListener listener;
    private final TaskFactory tasks;
    private final BackendFactory backends;

    public SweepRunner(Options options, SweepListener listener, TaskFactory tasks) {
        this(options, listener, tasks, BackendFactory.DEFAULT);
    }

    /** {@code backends} creates every backend the sweep uses (availability check, provenance, jobs). */
    public SweepRunner(Options options, SweepListener listener, TaskFactory tasks, BackendFactory backends) {
        this.options = options;
        this.listener = listener;
        this.tasks = tasks;
        this.backends = backends;
    }

    public SweepResult run(SweepPlan plan) throws IOException {
        long start = System.nanoTime();
        SweepDirectory dir = new SweepDirectory(options.out());
        if (Files.exists(options.out()) && !Files.isDirectory(options.out())) {
            throw new UserInputException("--out " + options.out() + " is a file, not a directory");
        }
        SweepLedger.requireSweepDirectory(dir);
        JobPool workers = new JobPool(options, backends, listener, plan);
        if (!plan.runs().isEmpty() && workers.devices() == null) {
            // A missing GPU or driver is one line before anything is written into --out.
            backends.create(plan.runs().get(0).backend(), Precision.FP32).close();
        }
        OutputPaths.prepareDirectory(options.out(), "--out");
        Shard shard = options.shard();
        try (DirectoryLock lock = shard == null ? DirectoryLock.acquire(options.out())
                : DirectoryLock.acquireShard(options.out(), shard.index())) {
            SweepLedger.recordSweep(dir, plan, shard == null ? null : shard.count(), shard == null ? null
                    : "--shard " + shard.label(), options.reshard());
            Set<String> owned = shard == null ? null : SweepLedger.owned(plan, shard, options.maxModelsPerJob(),
                    listener);
            List<RunConfig> runs = owned == null ? plan.runs() : plan.runs().stream().filter(r -> owned.contains(
                    r.id())).toList();
            SweepDirectory.Statuses found = dir.statuses();
            if (!found.unreadable().isEmpty()) {
                listener.notice(found.unreadable().size() + " run(s) had a summary.json that cannot be read (e.g. "
                        + found.unreadable().get(0).file() + ": " + found.unreadable().get(0).reason()
                        + "); they count as not finished and are run again");
            }
            Map<String, String> complete = new HashMap<>(found.complete());
            if (owned != null) {
                complete.keySet().retainAll(owned);
            }
            if (options.retryFailed()) {
                SweepLedger.removeFailed(dir, runs, complete);
            }
            List<RunConfig> pending = runs.stream().filter(r -> !complete.containsKey(r.id())).toList();
            int skipped = runs.size() - pending.size();
            SweepLedger.requireUsableRunDirectories(dir, pending);
            MemoryBudget memory = pending.isEmpty() ? MemoryBudget.UNLIMITED
                    : workers.memoryBudget(pending.get(0).backend());
            List<RunJob> jobs = JobPlanner.plan(pending, options.maxModelsPerJob(), memory, listener::notice);
            listener.started(runs.size(), skipped, jobs.size());
            List<String> failures = Collections.synchronizedList(new ArrayList<>());
            Timings timings = Timings.ZERO;
            Map<String, String> statuses;
            try (SweepIndex index = shard == null ? dir.reconcileIndex(complete.keySet())
                    : dir.reconcileIndex(SweepDirectory.shardIndex(shard.index()), complete.keySet())) {
                if (!jobs.isEmpty()) {
                    timings = runJobs(dir, jobs, workers, index, failures);
                }
                statuses = index.statuses();
            }
            Map<String, Integer> counts = SweepLedger.counts(dir, runs, statuses, failures);
            SweepResult result = new SweepResult(runs.size(), skipped, pending.size(), jobs.size(), counts,
                    failures, (System.nanoTime() - start) / 1e9, timings.train(), timings.logging(), timings.data(),
                    timings.write());
            listener.finished(result);
            return result;
        }
    }

    /** Runs the jobs on the workers, their finished runs written by one committer. */
    private Timings runJobs(SweepDirectory dir, List<RunJob> jobs, JobPool workers, SweepIndex index,
                            List<String> failures) throws IOException {
        String backendId = jobs.get(0).runs().get(0).backend();
        List<Integer> devices = workers.devices();
        // Provenance (git, versions, BLAS) is gathered beside the first job; only the committer needs it.
        CompletableFuture<Provenance> provenance = CompletableFuture.supplyAsync(() -> {
            try (ComputeBackend probe = devices == null ? backends.create(backendId, Precision.FP32)
                    : backends.create(backendId, Precision.FP32, devices.get(0))) {
                return ProvenanceProbe.probe(probe.provenance(), options.command()).withShard(options.shard() == null
                        ? null : options.shard().label() + " (" + options.shard().source() + ")");
            }
        }, r -> {
            Thread t = new Thread(r, "sweep-provenance");
            t.setDaemon(true);
            t.start();
        });
        Timings timings;
        RunCommitter committer = new RunCommitter(index, provenance, failures, listener);
        try (committer) {
            timings = workers.run(jobs, dir.store(options.fsync()), tasks, committer, failures);
        }
        return timings.plusWrite(committer.writeSeconds());
    }
}
