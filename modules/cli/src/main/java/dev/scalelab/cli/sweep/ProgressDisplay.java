package dev.scalelab.cli.sweep;

import dev.scalelab.core.run.RunSummary;
import dev.scalelab.engine.sweep.SweepListener;
import dev.scalelab.engine.sweep.SweepResult;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Progress of a sweep on stderr. On a terminal: one line rewritten in place (carriage return) at most 5 times a
 * second, with runs done / total, a bar, the ETA and the latest logged training loss (and its run). Otherwise (a pipe,
 * a CI log): a plain line every {@code everySeconds} seconds and one at the end, which instead of the latest loss
 * gives the median final training loss of the runs that ran and, where runs had a target loss, how many reached it.
 * The ETA is the mean time per finished run
 * so far times the runs left; batched jobs finish their runs in bursts, so it is rough early on.
 */
final class ProgressDisplay implements SweepListener {
    private static final int BAR = 24;

    private final PrintWriter err;
    private final boolean terminal;
    private final long everyNanos;
    private final AtomicInteger finished = new AtomicInteger();
    private final AtomicInteger diverged = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private volatile double lastLoss = Double.NaN;
    private volatile String lastRun = "";
    private final java.util.List<Double> finalLosses = new java.util.ArrayList<>();
    private int withTarget;
    private int reachedTarget;
    private volatile int total;
    private volatile int skipped;
    private long start;
    private long lastPrint;
    private int lastWidth;

    ProgressDisplay(PrintWriter err, boolean terminal, int everySeconds) {
        this.err = err;
        this.terminal = terminal;
        this.everyNanos = terminal ? 200_000_000L : everySeconds * 1_000_000_000L;
    }

    @Override
    public void started(int total, int skipped, int jobs) {
        this.total = total;
        this.skipped = skipped;
        this.start = System.nanoTime();
        this.lastPrint = start;
        if (!terminal) {
            synchronized (this) {
                err.printf("sweep: %d runs, %d complete already, %d to run in %d jobs%n", total, skipped,
                        total - skipped, jobs);
                err.flush();
            }
        }
    }

    /** A notice gets its own line; on a terminal the progress line is ended first and redrawn after it. */
    @Override
    public synchronized void notice(String line) {
        if (terminal && lastWidth > 0) {
            err.print('\r' + " ".repeat(lastWidth) + '\r');
            lastWidth = 0;
        }
        err.println("sweep: " + line);
        err.flush();
    }

    @Override
    public void loss(String runId, long step, double trainLoss) {
        lastLoss = trainLoss;
        lastRun = runId;
        maybePrint(false);
    }

    @Override
    public void runFinished(RunSummary summary) {
        finished.incrementAndGet();
        if (RunSummary.DIVERGED.equals(summary.status())) {
            diverged.incrementAndGet();
        } else if (RunSummary.FAILED.equals(summary.status())) {
            failed.incrementAndGet();
        }
        synchronized (this) {
            if (summary.finalTrainLoss() != null) {
                finalLosses.add(summary.finalTrainLoss());
            }
            Object target = summary.config() == null ? null : summary.config().get("train.target_loss");
            if (target instanceof Number t && t.doubleValue() > 0) {
                withTarget++;
                if (summary.reachedTarget()) {
                    reachedTarget++;
                }
            }
        }
        maybePrint(false);
    }

    @Override
    public void finished(SweepResult result) {
        if (result.ran() > 0) {
            maybePrint(true);
        }
        if (terminal && lastWidth > 0) {
            synchronized (this) {
                err.print('\n');
                err.flush();
            }
        }
    }

    private synchronized void maybePrint(boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastPrint < everyNanos) {
            return;
        }
        lastPrint = now;
        int done = skipped + finished.get();
        int toRun = total - skipped;
        double elapsed = (now - start) / 1e9;
        String eta = finished.get() == 0 ? "?" : clock(elapsed / finished.get() * (toRun - finished.get()));
        StringBuilder line = new StringBuilder();
        if (terminal) {
            int filled = total == 0 ? BAR : (int) Math.round((double) BAR * done / total);
            line.append('[').append("#".repeat(filled)).append(" ".repeat(BAR - filled)).append("] ");
        } else {
            line.append("sweep: ");
        }
        line.append(done).append('/').append(total).append(" runs");
        line.append(String.format(" | elapsed %s | ETA %s", clock(elapsed), eta));
        if (force) { // the closing line: what the runs that ran ended with, not one run's latest loss
            if (!finalLosses.isEmpty()) {
                double[] v = finalLosses.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
                line.append(String.format(java.util.Locale.ROOT, " | median final train loss %.3g over %d runs",
                        median, v.length));
            }
            if (withTarget > 0) {
                line.append(String.format(" | reached target loss: %d of %d", reachedTarget, withTarget));
            }
        } else {
            line.append(Double.isNaN(lastLoss) ? " | loss -" : String.format(java.util.Locale.ROOT,
                    " | latest loss %.3g (run %s)", lastLoss, lastRun));
        }
        if (diverged.get() > 0 || failed.get() > 0) {
            line.append(" | diverged ").append(diverged.get()).append(", failed ").append(failed.get());
        }
        if (terminal) {
            String s = line.toString();
            err.print('\r' + s + " ".repeat(Math.max(0, lastWidth - s.length())));
            lastWidth = s.length();
        } else {
            err.println(line);
        }
        err.flush();
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }

    static String counts(Map<String, Integer> counts) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(e.getValue()).append(' ').append(e.getKey());
        }
        return sb.toString();
    }
}
