package dev.scalelab.engine.nd4j;

import org.nd4j.linalg.factory.Nd4j;

/** ND4J's native thread counts (OpenMP and OpenBLAS); process-wide. */
public final class NativeThreads {
    private NativeThreads() {
    }

    /**
     * Below this many FLOPs per training step (all K models together) ND4J ops are overhead-bound: a second
     * OpenMP thread only spins, and on a busy machine makes steps many times slower (measured: 237 vs 10 steps/s
     * for P2 on a loaded 2-core machine).
     */
    public static final double SMALL_STEP_FLOPS = 5e7;

    /** Threads per op for jobs whose largest step costs {@code stepFlops}, with {@code workers} jobs at once. */
    public static int forStep(double stepFlops, int workers) {
        int cores = Runtime.getRuntime().availableProcessors();
        return stepFlops < SMALL_STEP_FLOPS ? 1 : Math.max(1, cores / Math.max(1, workers));
    }

    public static void set(int threads) {
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
    }

    public static int get() {
        return Nd4j.getEnvironment().maxThreads();
    }
}
