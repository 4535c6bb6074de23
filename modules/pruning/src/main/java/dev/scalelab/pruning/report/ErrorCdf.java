package dev.scalelab.pruning.report;

import java.util.Arrays;

/** An empirical distribution, reduced to a few quantiles so that a plot of 400,000 values stays small. */
public final class ErrorCdf {
    private ErrorCdf() {
    }

    /**
     * {@code points} + 1 quantiles of {@code values} at fractions 0, 1/points, ..., 1: x = the value at that rank
     * (at least {@code floor}, so that a log axis can show exact zeros), y = the fraction in percent.
     */
    public static Charts.Series of(String name, double[] values, int points, double floor) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double[] x = new double[points + 1];
        double[] y = new double[points + 1];
        for (int i = 0; i <= points; i++) {
            int rank = (int) Math.min(sorted.length - 1, Math.round((double) i * (sorted.length - 1) / points));
            x[i] = Math.max(floor, sorted[rank]);
            y[i] = 100.0 * (rank + 1) / sorted.length;
        }
        return new Charts.Series(name, x, y, null);
    }
}
