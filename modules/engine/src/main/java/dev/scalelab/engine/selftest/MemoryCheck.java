package dev.scalelab.engine.selftest;

import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.compute.OutOfDeviceMemoryException;
import dev.scalelab.engine.compute.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * An allocation larger than the device's free memory gives the one-line out-of-memory error, the backend then
 * allocates again, and closing it gives its memory back: free memory afterwards is within 1 % of the device's
 * total (or 64 MiB, the larger) of what it was before the backend opened.
 */
final class MemoryCheck {
    static final String GROUP = "memory";
    private static final long SLACK = 64L << 20;

    private MemoryCheck() {
    }

    /** {@code observer}: an open backend of the same device, to read free memory while the tested one opens and closes. */
    static List<Check> run(ComputeBackend observer, Supplier<ComputeBackend> open) {
        List<Check> checks = new ArrayList<>();
        OptionalLong before = observer.freeMemoryBytes();
        if (before.isEmpty()) {
            checks.add(Check.skipped(GROUP, "out of memory", "the backend reports no device memory"));
            return checks;
        }
        long total = 0;
        try (ComputeBackend b = open.get()) {
            long free = b.freeMemoryBytes().orElse(before.getAsLong());
            b.allocate(4, 1024, 1024);
            long floats = free / 4 + (1L << 20);
            int rows = 1 << 15;
            int cols = 1 << 15;
            int models = (int) Math.max(1, (floats + (long) rows * cols - 1) / ((long) rows * cols));
            try {
                Tensor huge = b.allocate(models, rows, cols);
                checks.add(Check.failed(GROUP, "out of memory", "allocated " + huge + " with "
                        + OutOfDeviceMemoryException.size(free) + " free"));
            } catch (OutOfDeviceMemoryException e) {
                total = e.totalBytes();
                String m = e.getMessage();
                boolean oneLine = !m.contains("\n") && m.contains("out of device memory");
                checks.add(oneLine ? Check.measured(GROUP, "out of memory", 0, 0, "one line: " + m)
                        : Check.failed(GROUP, "out of memory", "message is not one line: " + m));
            }
            try {
                b.allocate(2, 3, 4);
                checks.add(Check.measured(GROUP, "allocates after OOM", 0, 0, ""));
            } catch (RuntimeException e) {
                checks.add(Check.failed(GROUP, "allocates after OOM", e.getMessage()));
            }
        } catch (RuntimeException e) {
            checks.add(Check.failed(GROUP, "out of memory", "threw " + e.getClass().getSimpleName() + ": "
                    + e.getMessage()));
            return checks;
        }
        long after = observer.freeMemoryBytes().orElse(0);
        double slack = Math.max(SLACK, 0.01 * total);
        double lost = before.getAsLong() - after;
        checks.add(Check.measured(GROUP, "memory back after close", Math.max(0, lost) / (double) (1 << 20),
                slack / (1 << 20), "MiB lost; free " + OutOfDeviceMemoryException.size(before.getAsLong())
                        + " before, " + OutOfDeviceMemoryException.size(after) + " after"));
        return checks;
    }
}
