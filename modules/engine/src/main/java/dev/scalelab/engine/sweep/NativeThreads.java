package dev.scalelab.engine.sweep;

import org.nd4j.linalg.factory.Nd4j;

/** ND4J's native thread counts (OpenMP and OpenBLAS); process-wide. */
final class NativeThreads {
    private NativeThreads() {
    }

    static void set(int threads) {
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
    }

    static int get() {
        return Nd4j.getEnvironment().maxThreads();
    }
}
