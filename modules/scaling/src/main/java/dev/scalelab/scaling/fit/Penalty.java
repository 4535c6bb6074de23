package dev.scalelab.scaling.fit;

/**
 * The loss applied to each log-space residual r = log L̂ − log L, summed over points.
 * {@link #huber(double)} is quadratic (r²/2) inside ±δ and linear outside; {@link #squares()} is r²/2 everywhere.
 */
public record Penalty(double delta) {
    public Penalty {
        if (!(delta > 0)) {
            throw new IllegalArgumentException("Huber delta must be positive (use squares() for least squares): " + delta);
        }
    }

    public static Penalty huber(double delta) {
        return new Penalty(delta);
    }

    public static Penalty squares() {
        return new Penalty(Double.POSITIVE_INFINITY);
    }

    public boolean isLeastSquares() {
        return delta == Double.POSITIVE_INFINITY;
    }

    public double value(double r) {
        double a = Math.abs(r);
        return a <= delta ? 0.5 * r * r : delta * (a - 0.5 * delta);
    }

    public double derivative(double r) {
        if (r > delta) {
            return delta;
        }
        if (r < -delta) {
            return -delta;
        }
        return r;
    }

    public String describe() {
        return isLeastSquares() ? "least squares (sum of r²/2)" : "Huber, delta=" + delta + " (summed)";
    }
}
