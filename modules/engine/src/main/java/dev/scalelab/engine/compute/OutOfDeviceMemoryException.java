package dev.scalelab.engine.compute;

import dev.scalelab.core.UserInputException;
import java.util.Locale;

/**
 * A backend could not allocate device memory for a tensor. Its message is one line naming the backend, the
 * requested size, and the free and total memory of the device. A {@link UserInputException}, because the
 * remedy is the user's (fewer models per job, a smaller batch or model): commands print it without a stack
 * trace. The sweep catches it and retries the job as two jobs of half as many models.
 */
public class OutOfDeviceMemoryException extends UserInputException {
    private static final long serialVersionUID = 1L;

    private final long requestedBytes;
    private final long freeBytes;
    private final long totalBytes;
    private final String detail;

    /**
     * {@code backend}: the name given to {@code --backend}; {@code what}: what was being allocated, e.g.
     * "a [64, 512, 512] tensor"; {@code device}: the device's name.
     */
    public OutOfDeviceMemoryException(String backend, String what, long requestedBytes, long freeBytes,
                                      long totalBytes, String device) {
        this(backend, detail(what, requestedBytes, freeBytes, totalBytes, device), requestedBytes, freeBytes,
                totalBytes);
    }

    private OutOfDeviceMemoryException(String backend, String detail, long requestedBytes, long freeBytes,
                                       long totalBytes) {
        super("--backend " + backend + ": out of device memory allocating " + detail
                + "; train fewer models per job (smaller K), a smaller batch or a smaller model");
        this.requestedBytes = requestedBytes;
        this.freeBytes = freeBytes;
        this.totalBytes = totalBytes;
        this.detail = detail;
    }

    private static String detail(String what, long requested, long free, long total, String device) {
        return String.format(Locale.ROOT, "%s for %s (%s free of %s on %s)", size(requested), what, size(free),
                size(total), device);
    }

    /** A size in words: "1.5 GiB", "12.0 MiB", "512 B". */
    public static String size(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
        }
        if (bytes >= 1L << 20) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
        }
        if (bytes >= 1L << 10) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / (double) (1L << 10));
        }
        return bytes + " B";
    }

    public long requestedBytes() {
        return requestedBytes;
    }

    public long freeBytes() {
        return freeBytes;
    }

    public long totalBytes() {
        return totalBytes;
    }

    /** The message without the backend and the advice: "12.0 MiB for a [64, 512, 512] tensor (3.0 MiB free of …)". */
    public String detail() {
        return detail;
    }
}
