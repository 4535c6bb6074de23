package dev.scalelab.core.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.util.function.Function;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Annotation;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The one log-axis format of every ScaleLab plot: major ticks and labels only at powers of ten, written 10ᵏ, the
 * axis spanning whole decades (so it holds every point and always has at least two labels), unlabelled minor
 * ticks at 2..9 × 10ᵏ, grid lines at the decades only.
 *
 * <p>XChart 3.8's own log axis labels either every 1..9 × 10ᵏ (labels collide: "708090100") or decades in its
 * number format ("1E3"), and a formatting function on a log axis is not supported. So a log axis is drawn as a linear
 * axis over log10 of the data with a formatting function that labels integer values 10ᵏ and nothing else. XChart
 * then spaces the ticks itself until every label is distinct and fits (no overlaps, by its own label-width test):
 * every decade, or every second or fifth decade on a long axis.
 */
public final class LogAxes {
    /** Name of the invisible series that pins each axis to whole decades. */
    public static final String FRAME = "\u200b";
    private static final String SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹";

    private LogAxes() {
    }

    /**
     * Call after the series (and any axis bounds) are set: turns each logarithmic axis into the format above. The
     * series then hold log10 of their values on that axis.
     */
    public static void readable(XYChart chart) {
        XYStyler st = chart.getStyler();
        boolean logX = st.isXAxisLogarithmic();
        boolean logY = st.isYAxisLogarithmic();
        if (!logX && !logY || chart.getSeriesMap().containsKey(FRAME)) {
            return;
        }
        double[] xr = range(chart, true, logX ? st.getXAxisMin() : null, logX ? st.getXAxisMax() : null, logX);
        double[] yr = range(chart, false, logY ? st.getYAxisMin() : null, logY ? st.getYAxisMax() : null, logY);
        for (XYSeries s : chart.getSeriesMap().values().toArray(new XYSeries[0])) {
            double[] x = logX ? log10(s.getXData(), s.getName(), "x") : s.getXData();
            double[] y = logY ? log10(s.getYData(), s.getName(), "y") : s.getYData();
            double[] e = logY ? null : s.getExtraValues();
            chart.updateXYSeries(s.getName(), x, y, e);
        }
        if (logX) {
            st.setXAxisLogarithmic(false);
            st.setXAxisMin(xr[0]);
            st.setXAxisMax(xr[1]);
            st.setxAxisTickLabelsFormattingFunction(LABEL);
        }
        if (logY) {
            st.setYAxisLogarithmic(false);
            st.setYAxisMin(yr[0]);
            st.setYAxisMax(yr[1]);
            st.setyAxisTickLabelsFormattingFunction(LABEL);
        }
        // Pins the range and keeps XChart from putting ticks only at equally spaced data values (which it does
        // when all x values form one arithmetic progression, e.g. widths 4, 8, ..., 64 in log space).
        XYSeries frame = chart.addSeries(FRAME, new double[] {xr[0], xr[1]}, new double[] {yr[0], yr[1]});
        frame.setShowInLegend(false);
        frame.setMarker(SeriesMarkers.NONE);
        frame.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        frame.setLineColor(new Color(0, 0, 0, 0));
        chart.addAnnotation(new MinorTicks(logX ? xr : null, logY ? yr : null));
    }

    /** The tick label of a log10 value: 10ᵏ at integers, nothing elsewhere. */
    public static final Function<Double, String> LABEL = LogAxes::label;

    static String label(Double v) {
        double r = Math.rint(v);
        if (Math.abs(v - r) > 1e-9) {
            return "";
        }
        long k = (long) r;
        StringBuilder sb = new StringBuilder("10");
        for (char c : Long.toString(k).toCharArray()) {
            sb.append(c == '-' ? '⁻' : SUPERSCRIPTS.charAt(c - '0'));
        }
        return sb.toString();
    }

    /** [lo, hi] of the axis: the data (and any bounds set) widened to whole decades, in log10 when {@code log}. */
    static double[] range(XYChart chart, boolean x, Double min, Double max, boolean log) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (XYSeries s : chart.getSeriesMap().values()) {
            for (double v : x ? s.getXData() : s.getYData()) {
                if (Double.isFinite(v) && (!log || v > 0)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (min != null) {
            lo = min;
        }
        if (max != null) {
            hi = max;
        }
        if (!log) {
            return new double[] {lo, hi};
        }
        if (!(lo > 0) || !Double.isFinite(hi)) {
            throw new IllegalArgumentException("a logarithmic " + (x ? "x" : "y") + " axis needs positive values");
        }
        double a = Math.floor(Math.log10(lo) + 1e-9);
        double b = Math.ceil(Math.log10(hi) - 1e-9);
        if (b <= a) {
            b = a + 1;
        }
        return new double[] {a, b};
    }

    private static double[] log10(double[] v, String series, String axis) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            if (!(v[i] > 0)) {
                throw new IllegalArgumentException("series '" + series + "' has " + axis + " = " + v[i]
                        + " on a logarithmic axis");
            }
            out[i] = Math.log10(v[i]);
        }
        return out;
    }

    /** Short unlabelled ticks at 2..9 × 10ᵏ inside the plot's bottom and left edges. */
    static final class MinorTicks extends Annotation {
        private final double[] xr;
        private final double[] yr;

        MinorTicks(double[] xr, double[] yr) {
            super(false);
            this.xr = xr;
            this.yr = yr;
        }

        @Override
        public void paint(Graphics2D g) {
            g.setColor(new Color(0x777777));
            g.setStroke(new BasicStroke(1f));
            int len = 4;
            int bottom = getYAxisScreenValueForMax();
            int left = getXAxisScreenValueForMin();
            if (xr != null) {
                for (double k = xr[0]; k < xr[1]; k++) {
                    for (int j = 2; j <= 9; j++) {
                        int px = getXAxisScreenValue(k + Math.log10(j));
                        g.drawLine(px, bottom, px, bottom - len);
                    }
                }
            }
            if (yr != null) {
                for (double k = yr[0]; k < yr[1]; k++) {
                    for (int j = 2; j <= 9; j++) {
                        int py = getYAxisScreenValue(k + Math.log10(j));
                        g.drawLine(left, py, left + len, py);
                    }
                }
            }
        }
    }
}
