package dev.scalelab.engine.cpu;

/**
 * A pass over {@code length} elements in chunks of {@code chunk}, the chunks spread over {@link CpuPool}, each run
 * with its thread's own scratch (so a pass allocates nothing). Which thread takes a chunk never changes what the
 * chunk computes, so results do not depend on the thread count.
 */
final class PooledChunks {
    private PooledChunks() {
    }

    @FunctionalInterface
    interface Body<S> {
        void run(S scratch, long start, int n);
    }

    static <S> void forEach(long length, int chunk, ThreadLocal<S> scratch, Body<S> body) {
        long count = (length + chunk - 1) / chunk;
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tensor too long: " + length);
        }
        CpuPool.forEach((int) count, c -> {
            long start = (long) c * chunk;
            body.run(scratch.get(), start, (int) Math.min(chunk, length - start));
        });
    }
}
