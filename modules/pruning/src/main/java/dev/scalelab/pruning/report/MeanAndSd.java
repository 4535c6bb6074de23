package dev.scalelab.pruning.report;

/** Mean and sample standard deviation over seeds, as the tables and error bars report them. */
public final class MeanAndSd {
    private MeanAndSd() {
    }

    /** The mean, or NaN for no values. */
    public static double mean(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return values.length == 0 ? Double.NaN : s / values.length;
    }

    /** The sample standard deviation (n − 1), or NaN for fewer than two values. */
    public static double sd(double[] values) {
        if (values.length < 2) {
            return Double.NaN;
        }
        double m = mean(values);
        double s = 0;
        for (double v : values) {
            s += (v - m) * (v - m);
        }
        return Math.sqrt(s / (values.length - 1));
    }
}
