package dev.scalelab.core.plot;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/**
 * Readable logarithmic axes. XChart labels only powers of ten on a log axis, so data within one or two decades
 * (throughput over widths 32–2048, density 100 %–5 %) gets one tick label or none; there every 1–9 × 10^k is
 * labelled instead. (A tick-label formatting function would replace XChart's log ticks by linear ones, and a
 * decimal pattern such as "#0.###" rounds 1e-6 to "0": log axes keep XChart's own number format.)
 */
public final class LogAxes {
    /** Up to this many decades an axis gets 1–9 × 10^k labels; beyond, powers of ten are enough. */
    static final double FINE_DECADES = 2.5;

    private LogAxes() {
    }

    /** Call after the series are added. */
    public static void readable(XYChart chart) {
        var styler = chart.getStyler();
        styler.setXAxisLogarithmicDecadeOnly(decades(chart, true) > FINE_DECADES);
        styler.setYAxisLogarithmicDecadeOnly(decades(chart, false) > FINE_DECADES);
    }

    /** log10(max / min) over the positive, finite values of every series on one axis (0 when there are none). */
    static double decades(XYChart chart, boolean x) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (XYSeries s : chart.getSeriesMap().values()) {
            for (double v : x ? s.getXData() : s.getYData()) {
                if (v > 0 && Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        return hi > 0 ? Math.log10(hi / lo) : 0;
    }
}
