package dev.scalelab.bench;

import java.util.Arrays;
import java.util.function.DoubleSupplier;

/** Warm-up, then timed repetitions; reports the median (and spread) of a rate. */
final class Stats {
    private Stats() {
    }

    /** Runs {@code warmups} untimed, then {@code runs} timed calls of a measurement that returns a rate. */
    static double[] measure(int warmups, int runs, DoubleSupplier rate) {
        for (int i = 0; i < warmups; i++) {
            rate.getAsDouble();
        }
        double[] r = new double[runs];
        for (int i = 0; i < runs; i++) {
            r[i] = rate.getAsDouble();
        }
        Arrays.sort(r);
        return r;
    }

    static double median(double[] sorted) {
        int n = sorted.length;
        return (sorted[(n - 1) / 2] + sorted[n / 2]) / 2;
    }

    static String describe(double[] sorted) {
        return String.format("median %.2f (min %.2f, max %.2f, n=%d)", median(sorted), sorted[0],
                sorted[sorted.length - 1], sorted.length);
    }
}
