package dev.scalelab.cli.sweep;

import java.util.List;
import java.util.Map;

/**
 * Least-squares slope of log y on log x over every (x, y) point, with its 95% t-interval half-width and the line's
 * intercept (log y at log x = 0), so that the fitted line y = e^intercept · x^slope can be drawn.
 */
record LogLogSlope(double slope, double halfWidth, int points, double intercept) {

    /** Two-sided 97.5% quantiles of Student's t for 1..30 degrees of freedom (then 1.96). */
    private static final double[] T975 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060,
        2.056, 2.052, 2.048, 2.045, 2.042};

    static LogLogSlope of(Map<Double, List<Double>> points) {
        double sx = 0;
        double sy = 0;
        int n = 0;
        for (Map.Entry<Double, List<Double>> p : points.entrySet()) {
            for (double y : p.getValue()) {
                if (p.getKey() > 0 && y > 0) {
                    sx += Math.log(p.getKey());
                    sy += Math.log(y);
                    n++;
                }
            }
        }
        if (n < 3) {
            return new LogLogSlope(Double.NaN, Double.NaN, n, Double.NaN);
        }
        double mx = sx / n;
        double my = sy / n;
        double sxx = 0;
        double sxy = 0;
        for (Map.Entry<Double, List<Double>> p : points.entrySet()) {
            for (double y : p.getValue()) {
                if (p.getKey() > 0 && y > 0) {
                    double dx = Math.log(p.getKey()) - mx;
                    sxx += dx * dx;
                    sxy += dx * (Math.log(y) - my);
                }
            }
        }
        double b = sxy / sxx;
        double rss = 0;
        for (Map.Entry<Double, List<Double>> p : points.entrySet()) {
            for (double y : p.getValue()) {
                if (p.getKey() > 0 && y > 0) {
                    double r = Math.log(y) - my - b * (Math.log(p.getKey()) - mx);
                    rss += r * r;
                }
            }
        }
        double se = Math.sqrt(rss / (n - 2) / sxx);
        int df = n - 2;
        double t = df <= T975.length ? T975[df - 1] : 1.96;
        return new LogLogSlope(b, t * se, n, my - b * mx);
    }
}
