package dev.scalelab.scaling.bootstrap;

import dev.scalelab.scaling.fit.FitData;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Nonparametric percentile bootstrap: resample the points (or whole clusters of them, see {@link Resampler}) with
 * replacement, refit, evaluate every quantity on the refit, and report percentiles. Deterministic for a given seed whatever the thread count: each resample's
 * random stream is split from the seed in order before any work starts, and results are stored by index.
 */
public final class PercentileBootstrap {
    /**
     * @param resamples resamples drawn
     * @param seed      the seed
     * @param failed    resamples whose refit failed (NaN rows in {@code samples}), left out of the percentiles
     * @param samples   quantity values, [resample][quantity]
     */
    public record Result(int resamples, long seed, int failed, double[][] samples) {
        /** The {@code p}-th quantile (0..1) of quantity {@code q} over successful resamples; NaN if none. */
        public double quantile(int q, double p) {
            double[] v = Arrays.stream(samples).mapToDouble(r -> r[q]).filter(Double::isFinite).sorted().toArray();
            return PercentileBootstrap.quantile(v, p);
        }
    }

    private PercentileBootstrap() {
    }

    /**
     * @param refit      fits one resample, returning the quantities, or null when the fit failed
     * @param quantities number of quantities refit returns
     */
    public static Result run(FitData data, int resamples, long seed, int quantities,
                             Function<FitData, double[]> refit, ForkJoinPool pool) {
        return run(data, Resampler.points(data.size(), data.size()), resamples, seed, quantities, refit, pool, null);
    }

    /**
     * As above, each resample drawn by {@code resampler} (fewer points than the data's for an m-out-of-n bootstrap,
     * whole clusters for a cluster bootstrap); {@code progress} (may be null) hears of every finished resample.
     */
    public static Result run(FitData data, Resampler resampler, int resamples, long seed, int quantities,
                             Function<FitData, double[]> refit, ForkJoinPool pool,
                             dev.scalelab.scaling.Progress progress) {
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        SplittableRandom root = new SplittableRandom(seed);
        int[][] indices = new int[resamples][];
        for (int b = 0; b < resamples; b++) {
            indices[b] = resampler.draw(root.split());
        }
        double[][] samples = new double[resamples][];
        boolean[] failedFit = new boolean[resamples];
        Runnable work = () -> IntStream.range(0, resamples).parallel().forEach(b -> {
            double[] q = refit.apply(data.resample(indices[b]));
            if (q == null) {
                failedFit[b] = true;
                q = new double[quantities];
                Arrays.fill(q, Double.NaN);
            }
            samples[b] = q;
            if (progress != null) {
                int d = done.incrementAndGet();
                progress.report(() -> "bootstrap: " + d + "/" + resamples + " resamples refitted");
            }
        });
        if (pool == null) {
            work.run();
        } else {
            pool.submit(work).join();
        }
        int failed = 0;
        for (boolean f : failedFit) {
            failed += f ? 1 : 0;
        }
        return new Result(resamples, seed, failed, samples);
    }

    /** Linear-interpolation quantile of sorted values (numpy's default). */
    public static double quantile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double pos = p * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
