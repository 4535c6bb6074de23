package dev.scalelab.scaling.optimal;

/**
 * Ordinary least squares of log y = log coefficient + exponent·log x, i.e. y = coefficient·x^exponent.
 *
 * @param exponent    fitted exponent
 * @param coefficient fitted coefficient
 * @param r2          coefficient of determination in log space
 * @param points      points used
 */
public record PowerLawFit(double exponent, double coefficient, double r2, int points) {
    /** Returns null when x does not vary or fewer than 2 points are given. */
    public static PowerLawFit of(double[] x, double[] y) {
        int n = x.length;
        if (n < 2) {
            return null;
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += Math.log(x[i]);
            my += Math.log(y[i]);
        }
        mx /= n;
        my /= n;
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            double dx = Math.log(x[i]) - mx;
            double dy = Math.log(y[i]) - my;
            sxx += dx * dx;
            sxy += dx * dy;
            syy += dy * dy;
        }
        if (!(sxx > 0)) {
            return null;
        }
        double slope = sxy / sxx;
        double r2 = syy > 0 ? slope * sxy / syy : 1.0;
        return new PowerLawFit(slope, Math.exp(my - slope * mx), r2, n);
    }

    public double at(double x) {
        return coefficient * Math.pow(x, exponent);
    }
}
