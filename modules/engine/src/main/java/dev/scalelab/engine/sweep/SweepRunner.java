package dev.scalelab.engine.sweep;

import dev.scalelab.core.UserInputException;
import dev.scalelab.core.config.RunConfig;
import dev.scalelab.core.run.DirectoryLock;
import dev.scalelab.core.run.OutputPaths;
import dev.scalelab.core.run.Provenance;
import dev.scalelab.core.run.ProvenanceProbe;
import dev.scalelab.core.run.RunLogs;
import dev.scalelab.core.run.RunStore;
import dev.scalelab.core.run.RunSummary;
import dev.scalelab.core.run.RunWriter;
import dev.scalelab.core.run.SweepDirectory;
import dev.scalelab.core.run.SweepIndex;
import dev.scalelab.core.run.SweepManifest;
import dev.scalelab.core.task.TaskFactory;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.compute.Precision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutionException;

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
    /** Finished runs that may wait for the committer before a worker writes its own (a few jobs' worth). */
    static final int COMMIT_QUEUE = 1024;

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
    /** The resolved --devices of the current run (null: none). */
    private List<Integer> devices;
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
        requireSweepDirectory(dir);
        devices = resolveDevices(plan);
        if (!plan.runs().isEmpty() && devices == null) {
            // A missing GPU or driver is one line before anything is written into --out.
            backends.create(plan.runs().get(0).backend(), Precision.FP32).close();
        }
        OutputPaths.prepareDirectory(options.out(), "--out");
        if (devices != null) {
            listener.notice("devices " + devices + ": one worker per device, each job on whichever frees first");
        }
        Shard shard = options.shard();
        try (DirectoryLock lock = shard == null ? DirectoryLock.acquire(options.out())
                : DirectoryLock.acquireShard(options.out(), shard.index())) {
            recordSweep(dir, plan, shard == null ? null : shard.count(), shard == null ? null : "--shard "
                    + shard.label(), options.reshard());
            List<RunConfig> runs = plan.runs();
            Set<String> owned = null;
            if (shard != null) {
                // Dealt from the whole plan, not from what is pending, so every shard and every requeue of a shard
                // deals the same hands whatever has finished meanwhile.
                List<RunJob> all = JobPlanner.plan(plan.runs(), options.maxModelsPerJob());
                List<RunJob> mine = shard.select(all);
                owned = new HashSet<>();
                for (RunJob j : mine) {
                    for (RunConfig r : j.runs()) {
                        owned.add(r.id());
                    }
                }
                Set<String> ownedIds = owned;
                runs = plan.runs().stream().filter(r -> ownedIds.contains(r.id())).toList();
                listener.notice(String.format(java.util.Locale.ROOT, "shard %s (from %s): %d of %d runs, %d of %d "
                        + "jobs", shard.label(), shard.source(), runs.size(), plan.runs().size(), mine.size(),
                        all.size()));
            }
            SweepDirectory.Statuses found = dir.statuses();
            if (!found.unreadable().isEmpty()) {
                listener.notice(found.unreadable().size() + " run(s) had a summary.json that cannot be read (e.g. "
                        + found.unreadable().get(0).file() + ": " + found.unreadable().get(0).reason()
                        + "); they count as not finished and are run again");
            }
            Map<String, String> complete = new java.util.HashMap<>(found.complete());
            if (owned != null) {
                complete.keySet().retainAll(owned);
            }
            if (options.retryFailed()) {
                removeFailed(dir, runs, complete);
            }
            List<RunConfig> pending = new ArrayList<>();
            int skipped = 0;
            for (RunConfig r : runs) {
                if (complete.containsKey(r.id())) {
                    skipped++;
                } else {
                    pending.add(r);
                }
            }
            requireUsableRunDirectories(dir, pending);
            MemoryBudget memory = pending.isEmpty() ? MemoryBudget.UNLIMITED : memoryBudget(pending.get(0).backend());
            List<RunJob> jobs = JobPlanner.plan(pending, options.maxModelsPerJob(), memory, listener::notice);
            listener.started(runs.size(), skipped, jobs.size());
            List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            double[] seconds = new double[4];
            Map<String, String> statuses;
            try (SweepIndex index = shard == null ? dir.reconcileIndex(complete.keySet())
                    : dir.reconcileIndex(SweepDirectory.shardIndex(shard.index()), complete.keySet())) {
                if (!jobs.isEmpty()) {
                    runJobs(dir, jobs, index, failures, seconds);
                }
                statuses = index.statuses();
            }
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
            SweepResult result = new SweepResult(runs.size(), skipped, pending.size(), jobs.size(), counts,
                    failures, (System.nanoTime() - start) / 1e9, seconds[0], seconds[1], seconds[2], seconds[3]);
            listener.finished(result);
            return result;
        }
    }

    /**
     * A pending run's directory that is a file, or that cannot be written, would leave the run pending with no
     * word of why: refuse the sweep in one line before anything runs.
     */
    private static void requireUsableRunDirectories(SweepDirectory dir, List<RunConfig> pending) {
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

    private void runJobs(SweepDirectory dir, List<RunJob> jobs, SweepIndex index, List<String> failures,
                         double[] seconds) throws IOException {
        List<Integer> devices = this.devices;
        String backendId = jobs.get(0).runs().get(0).backend();
        tuneThreads(backendId, jobs);
        // Provenance (git, versions, BLAS) is gathered beside the first job; only the committer needs it.
        java.util.concurrent.CompletableFuture<Provenance> provenance = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> {
                    try (ComputeBackend probeBackend = devices == null ? backends.create(backendId, Precision.FP32)
                            : backends.create(backendId, Precision.FP32, devices.get(0))) {
                        return ProvenanceProbe.probe(probeBackend.provenance(), options.command())
                                .withShard(options.shard() == null ? null : options.shard().label() + " ("
                                        + options.shard().source() + ")");
                    }
                }, r -> {
                    Thread t = new Thread(r, "sweep-provenance");
                    t.setDaemon(true);
                    t.start();
                });
        // Finished runs are written by one committer thread, off the training threads: config and provenance,
        // then summary.json (temp file, fsync, rename: the run is complete from here on), then its index line. Its
        // queue is bounded: when workers finish runs faster than they can be written (tiny runs), a worker commits
        // its run itself, so the runs waiting to be written (and the memory they hold) stay bounded.
        ExecutorService committerPool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(COMMIT_QUEUE), r -> {
                    Thread t = new Thread(r, "sweep-committer");
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
        IOException[] commitError = new IOException[1];
        RunStore store = dir.store(options.fsync());
        java.util.function.Consumer<JobExecutor.Commit> committer = c -> committerPool.execute(() -> {
            RunSummary s = c.summary();
            long w0 = System.nanoTime();
            try {
                c.writer().commit(s, c.provenance(provenance.join()), c.run().toYaml());
                index.append(s);
            } catch (IOException | RuntimeException | Error e) {
                synchronized (commitError) {
                    if (commitError[0] == null) {
                        commitError[0] = e instanceof IOException io ? io : new IOException(e);
                    }
                }
                return;
            } finally {
                synchronized (seconds) {
                    seconds[3] += (System.nanoTime() - w0) / 1e9;
                }
            }
            if (RunSummary.FAILED.equals(s.status())) {
                failures.add(s.runId() + ": " + s.error());
            }
            listener.runFinished(s);
        });
        int workers = Math.min(devices != null ? devices.size() : options.workers(), jobs.size());
        // With devices, a job takes whichever device is free (one job per device at a time) and gives it back.
        java.util.concurrent.BlockingQueue<Integer> free = devices == null ? null
                : new java.util.concurrent.ArrayBlockingQueue<>(devices.size(), true, devices);
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "sweep-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<JobExecutor>> futures = new ArrayList<>();
            for (RunJob job : jobs) {
                futures.add(pool.submit(() -> {
                    if (free == null) {
                        JobExecutor ex = new JobExecutor(store, listener, committer, tasks, backends, false);
                        ex.execute(job);
                        return ex;
                    }
                    int device = free.take();
                    try {
                        JobExecutor ex = new JobExecutor(store, listener, committer, tasks, backends.onDevice(device),
                                true);
                        ex.execute(job);
                        return ex;
                    } finally {
                        free.put(device);
                    }
                }));
            }
            for (int j = 0; j < futures.size(); j++) {
                try {
                    JobExecutor ex = futures.get(j).get();
                    seconds[0] += ex.trainSeconds;
                    seconds[1] += ex.loggingSeconds;
                    seconds[2] += ex.dataSeconds;
                    synchronized (seconds) {
                        seconds[3] += ex.writeSeconds;
                    }
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof UserInputException problem) {
                        // A setting to fix (missing data, a bad value): the runs stay pending, the sweep goes on.
                        for (RunConfig r : jobs.get(j).runs()) {
                            failures.add(r.id() + ": not run, left pending: " + problem.getMessage());
                        }
                        continue;
                    }
                    throw new IllegalStateException("sweep worker failed: " + cause, cause);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
        } finally {
            pool.shutdownNow();
            committerPool.shutdown();
            try {
                // Let every handed-over run reach its summary before the lock is released.
                while (!committerPool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES)) {
                    // keep waiting: each commit is a few small file writes
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (commitError[0] != null) {
            throw commitError[0];
        }
    }

    /**
     * The device ordinals of --devices, checked against what the backend has here (a one-line error for a CPU
     * backend, a machine without GPUs or a device that does not exist); null without --devices.
     */
    private List<Integer> resolveDevices(SweepPlan plan) {
        if (options.devices() == null) {
            return null;
        }
        String backendId = plan.runs().isEmpty() ? "cpu" : plan.runs().get(0).backend();
        for (RunConfig r : plan.runs()) {
            if (!java.util.Objects.equals(r.backend(), backendId)) {
                throw new UserInputException("--devices: the sweep uses two backends (" + backendId + ", "
                        + r.backend() + "); --devices needs one");
            }
        }
        int count = backends.deviceCount(backendId);
        if (options.devices().isEmpty()) {
            List<Integer> all = new ArrayList<>();
            for (int d = 0; d < count; d++) {
                all.add(d);
            }
            return all;
        }
        for (int d : options.devices()) {
            if (d < 0 || d >= count) {
                throw new UserInputException("--devices: no device " + d + " (backend " + backendId + " has " + count
                        + " here: 0-" + (count - 1) + ")");
            }
        }
        return options.devices();
    }

    /**
     * Creates the sweep's backend once before any job: a missing GPU or driver is then a one-line user error, not
     * a failed run per job. Its free memory (where it has its own) caps the models per job.
     */
    private MemoryBudget memoryBudget(String backendId) {
        if (devices != null) {
            // One job per device at a time: the budget of the device with the least free memory.
            long least = Long.MAX_VALUE;
            int bytes = 4;
            int copies = 0;
            for (int d : devices) {
                try (ComputeBackend backend = backends.create(backendId, Precision.FP32, d)) {
                    OptionalLong free = backend.freeMemoryBytes();
                    if (free.isEmpty()) {
                        return MemoryBudget.UNLIMITED;
                    }
                    least = Math.min(least, free.getAsLong());
                    bytes = backend.precision() == Precision.FP64 ? 8 : 4;
                    copies = backend.productCopyBytes();
                }
            }
            return MemoryBudget.of(least, 1, bytes, copies);
        }
        try (ComputeBackend backend = backends.create(backendId, Precision.FP32)) {
            OptionalLong free = backend.freeMemoryBytes();
            return free.isEmpty() ? MemoryBudget.UNLIMITED : MemoryBudget.of(free.getAsLong(), options.workers(),
                    backend.precision() == Precision.FP64 ? 8 : 4, backend.productCopyBytes());
        }
    }

    /**
     * Native threads per op, asked of the backend (process-wide for ND4J's): --threads if given; else the
     * backend's choice for the largest job step (ND4J: 1 when every job is tiny, as ops are overhead-bound and
     * extra threads only spin, badly so on a busy machine; else cores / workers).
     */
    private void tuneThreads(String backendId, List<RunJob> jobs) {
        double largest = 0;
        for (RunJob j : jobs) {
            largest = Math.max(largest, j.model().trainingFlops(j.batch()) * j.runs().size());
        }
        try (ComputeBackend backend = backends.create(backendId, Precision.FP32)) {
            backend.tuneThreads(largest, options.workers(), options.threads());
        }
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
    private static void requireSweepDirectory(SweepDirectory dir) throws IOException {
        Path foreign = dir.foreignEntry();
        if (foreign != null) {
            throw new UserInputException("--out " + dir.root() + " is not a sweep directory (no "
                    + SweepDirectory.MANIFEST + ") and holds other files (e.g. " + foreign.getFileName()
                    + "); choose a new or empty directory");
        }
    }

    private static void removeFailed(SweepDirectory dir, List<RunConfig> runs, Map<String, String> complete)
            throws IOException {
        for (RunConfig r : runs) {
            if (RunSummary.FAILED.equals(complete.get(r.id()))) {
                Files.delete(dir.file(r.id(), SweepDirectory.SUMMARY));
                complete.remove(r.id());
            }
        }
    }
}
