package dev.scalelab.engine.sweep;

import dev.scalelab.core.run.Provenance;
import dev.scalelab.core.run.RunSummary;
import dev.scalelab.core.run.SweepIndex;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Writes finished runs on one thread, off the training threads: config and provenance, then summary.json (temp
 * file, rename: the run is complete from here on), then its index line. Its queue is bounded: when workers
 * finish runs faster than they can be written (tiny runs), a worker commits its run itself, so the runs waiting
 * to be written (and the memory they hold) stay bounded. {@link #close} waits for every handed-over run and
 * rethrows the first write error.
 */
final class RunCommitter implements Consumer<JobExecutor.Commit>, AutoCloseable {
    /** Finished runs that may wait for the committer before a worker writes its own (a few jobs' worth). */
    static final int QUEUE = 1024;

    private final SweepIndex index;
    private final CompletableFuture<Provenance> provenance;
    private final List<String> failures;
    private final SweepListener listener;
    private final ExecutorService pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(QUEUE), r -> {
                Thread t = new Thread(r, "sweep-committer");
                t.setDaemon(true);
                return t;
            }, new ThreadPoolExecutor.CallerRunsPolicy());
    private IOException error;
    private double writeSeconds;

    /** {@code provenance}: the sweep's, gathered beside the first job; {@code failures}: appended to. */
    RunCommitter(SweepIndex index, CompletableFuture<Provenance> provenance, List<String> failures,
                 SweepListener listener) {
        this.index = index;
        this.provenance = provenance;
        this.failures = failures;
        this.listener = listener;
    }

    @Override
    public void accept(JobExecutor.Commit c) {
        pool.execute(() -> commit(c));
    }

    private void commit(JobExecutor.Commit c) {
        RunSummary s = c.summary();
        long w0 = System.nanoTime();
        try {
            c.writer().commit(s, c.provenance(provenance.join()), c.run().toYaml());
            index.append(s);
        } catch (IOException | RuntimeException | Error e) {
            synchronized (this) {
                if (error == null) {
                    error = e instanceof IOException io ? io : new IOException(e);
                }
            }
            return;
        } finally {
            synchronized (this) {
                writeSeconds += (System.nanoTime() - w0) / 1e9;
            }
        }
        if (RunSummary.FAILED.equals(s.status())) {
            failures.add(s.runId() + ": " + s.error());
        }
        listener.runFinished(s);
    }

    synchronized double writeSeconds() {
        return writeSeconds;
    }

    /** Lets every handed-over run reach its summary, then rethrows the first error writing one. */
    @Override
    public void close() throws IOException {
        pool.shutdown();
        try {
            while (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
                // keep waiting: each commit is a few small file writes
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (error != null) {
                throw error;
            }
        }
    }
}
