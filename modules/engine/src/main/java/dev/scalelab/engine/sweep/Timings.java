package dev.scalelab.engine.sweep;

/**
 * Where a sweep's time went, in seconds: training (backend, initial weights and the training loop, excluding its
 * logging callbacks), logging callbacks, building task data, and writing run directories (config, provenance,
 * summary, index). With several workers the per-job times are summed over workers.
 */
public record Timings(double train, double logging, double data, double write) {
    public static final Timings ZERO = new Timings(0, 0, 0, 0);

    public Timings plus(Timings o) {
        return new Timings(train + o.train, logging + o.logging, data + o.data, write + o.write);
    }

    /** These timings with {@code seconds} more of writing. */
    public Timings plusWrite(double seconds) {
        return new Timings(train, logging, data, write + seconds);
    }
}
