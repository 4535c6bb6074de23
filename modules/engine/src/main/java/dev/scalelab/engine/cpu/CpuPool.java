package dev.scalelab.engine.cpu;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * The one pool of the fused CPU kernels: as many workers as the machine has cores, the calling thread being one
 * of them (so {@code cores - 1} pool threads), shared by every job of the process so that concurrent jobs never
 * run more threads than cores. Items are claimed one at a time; each item is computed whole by one thread, so
 * results do not depend on which thread ran it or how many there are (bit-identical run to run). ND4J's own
 * native threads are idle while this pool works (the training loop is synchronous, and jobs small enough for the
 * fused path run with one native thread, see {@code NativeThreads}).
 */
public final class CpuPool {
    private static final int WORKERS = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static final ExecutorService HELPERS = WORKERS == 1 ? null : Executors.newFixedThreadPool(WORKERS - 1,
            r -> {
                Thread t = new Thread(r, "scalelab-cpu");
                t.setDaemon(true);
                return t;
            });

    private CpuPool() {
    }

    /** Threads that work on one call: the caller and the pool's. */
    public static int workers() {
        return WORKERS;
    }

    /** Runs {@code body} for every item 0..n-1 over the pool and the calling thread; returns when all are done. */
    public static void forEach(int n, IntConsumer body) {
        if (n <= 0) {
            return;
        }
        if (n == 1 || HELPERS == null) {
            for (int i = 0; i < n; i++) {
                body.accept(i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(n);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable worker = () -> {
            for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                try {
                    if (failure.get() == null) {
                        body.accept(i);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    done.countDown();
                }
            }
        };
        int helpers = Math.min(n, WORKERS) - 1;
        for (int h = 0; h < helpers; h++) {
            HELPERS.execute(worker);
        }
        worker.run();
        // A helper queued behind another job's work finds nothing left and exits; we wait for items, not helpers.
        boolean interrupted = false;
        while (true) {
            try {
                done.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable e = failure.get();
        if (e instanceof RuntimeException r) {
            throw r;
        }
        if (e instanceof Error err) {
            throw err;
        }
        if (e != null) {
            throw new IllegalStateException(e);
        }
    }
}
