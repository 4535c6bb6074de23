package dev.scalelab.scaling.data;

/**
 * One point of the fit: N (parameters), D (samples or tokens), C (FLOPs) and the loss, with where it came from.
 * D or C may have been derived (D = C/(k·N), C = k·N·D); NaN where neither was available and the form does not
 * need it. {@code cluster} is the point's value of the {@code --bootstrap-by} column (null without one).
 */
public record Observation(double n, double d, double c, double loss, String file, int row, RunCurve curve,
                         String cluster) {
    /** A point outside any bootstrap cluster. */
    public Observation(double n, double d, double c, double loss, String file, int row, RunCurve curve) {
        this(n, d, c, loss, file, row, curve, null);
    }
}
