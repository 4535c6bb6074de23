package dev.scalelab.scaling.plot;

import java.util.Locale;

/** Number formatting shared by the plots and the text report. */
public final class ScalingFitFormat {
    private ScalingFitFormat() {
    }

    /** Compact: integers as integers, otherwise 6 significant digits. */
    public static String number(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e7) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
