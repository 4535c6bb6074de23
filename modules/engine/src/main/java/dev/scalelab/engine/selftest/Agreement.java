package dev.scalelab.engine.selftest;

/** How far a backend's values are from the reference's. */
final class Agreement {
    private Agreement() {
    }

    /**
     * max |x − ref| / max |ref| (infinity-norm relative error); max |x| when the reference is all zeros; NaN when a
     * value is not finite or the lengths differ.
     */
    static double relative(double[] x, double[] ref) {
        if (x.length != ref.length) {
            return Double.NaN;
        }
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i]) || !Double.isFinite(ref[i])) {
                return Double.NaN;
            }
            diff = Math.max(diff, Math.abs(x[i] - ref[i]));
            scale = Math.max(scale, Math.abs(ref[i]));
        }
        return scale == 0 ? diff : diff / scale;
    }

    /** max over i of |x_i − ref_i| / (|ref_i| + floor): every element relative, with a floor for tiny values. */
    static double elementwise(double[] x, double[] ref, double floor) {
        if (x.length != ref.length) {
            return Double.NaN;
        }
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            double e = Math.abs(x[i] - ref[i]) / (Math.abs(ref[i]) + floor);
            if (Double.isNaN(e)) {
                return e;
            }
            worst = Math.max(worst, e);
        }
        return worst;
    }
}
