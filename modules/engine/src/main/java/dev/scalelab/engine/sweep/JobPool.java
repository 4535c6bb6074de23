package dev.scalelab.engine.sweep;

import dev.scalelab.core.UserInputException;
import dev.scalelab.core.config.RunConfig;
import dev.scalelab.core.run.RunStore;
import dev.scalelab.core.task.TaskFactory;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.compute.Precision;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The workers a sweep's jobs run on: {@code workers} unpinned threads, or one per device (--devices), each job
 * on its own backend instance on whichever device frees first; the models per job a backend's free memory
 * allows; native threads per op.
 */
final class JobPool {
    private final SweepRunner.Options options;
    private final BackendFactory backends;
    private final SweepListener listener;
    /** The resolved --devices (null: none). */
    private final List<Integer> devices;

    /** Resolves --devices against what the backend has here: a one-line error for one that does not exist. */
    JobPool(SweepRunner.Options options, BackendFactory backends, SweepListener listener, SweepPlan plan) {
        this.options = options;
        this.backends = backends;
        this.listener = listener;
        this.devices = resolveDevices(plan);
        if (devices != null) {
            listener.notice("devices " + devices + ": one worker per device, each job on whichever frees first");
        }
    }

    /** The devices of --devices (null without it). */
    List<Integer> devices() {
        return devices;
    }

    /**
     * Runs {@code jobs}, handing each finished run to {@code committer}; a job stopped by a setting to fix
     * leaves its runs pending, each named in {@code failures}. Returns the jobs' timings.
     */
    Timings run(List<RunJob> jobs, RunStore store, TaskFactory tasks, Consumer<JobExecutor.Commit> committer,
                List<String> failures) throws IOException {
        tuneThreads(jobs.get(0).runs().get(0).backend(), jobs);
        int workers = Math.min(devices != null ? devices.size() : options.workers(), jobs.size());
        // With devices, a job takes whichever device is free (one job per device at a time) and gives it back.
        BlockingQueue<Integer> free = devices == null ? null : new ArrayBlockingQueue<>(devices.size(), true,
                devices);
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "sweep-worker");
            t.setDaemon(true);
            return t;
        });
        Timings total = Timings.ZERO;
        try {
            List<Future<Timings>> futures = new ArrayList<>();
            for (RunJob job : jobs) {
                futures.add(pool.submit(() -> {
                    if (free == null) {
                        return new JobExecutor(store, listener, committer, tasks, backends, false).execute(job);
                    }
                    int device = free.take();
                    try {
                        return new JobExecutor(store, listener, committer, tasks, backends.onDevice(device), true)
                                .execute(job);
                    } finally {
                        free.put(device);
                    }
                }));
            }
            for (int j = 0; j < futures.size(); j++) {
                try {
                    total = total.plus(futures.get(j).get());
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
        }
        return total;
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
    MemoryBudget memoryBudget(String backendId) {
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

}
