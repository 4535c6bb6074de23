package dev.scalelab.scaling;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A progress line on stderr for long fits: nothing during the first {@value #QUIET_SECONDS} s, then at most one line
 * every {@value #EVERY_SECONDS} s, {@code fit: <what> | <seconds> s}. Thread-safe; {@link #NONE} prints nothing.
 */
public final class Progress {
    static final long QUIET_SECONDS = 3;
    static final long EVERY_SECONDS = 5;
    public static final Progress NONE = new Progress(null);

    private final PrintWriter err;
    private final long start = System.nanoTime();
    private final AtomicLong last = new AtomicLong(start);

    public Progress(PrintWriter err) {
        this.err = err;
    }

    /** Prints {@code line} when the time has come; {@code line} is only evaluated then. */
    public void report(Supplier<String> line) {
        if (err == null) {
            return;
        }
        long now = System.nanoTime();
        long prev = last.get();
        if (now - start < QUIET_SECONDS * 1_000_000_000L || (prev != start && now - prev < EVERY_SECONDS
                * 1_000_000_000L) || !last.compareAndSet(prev, now)) {
            return;
        }
        synchronized (err) {
            err.println(String.format(Locale.ROOT, "fit: %s | %.0f s", line.get(), (now - start) / 1e9));
            err.flush();
        }
    }
}
