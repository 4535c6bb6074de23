package dev.scalelab.pruning.report;

import dev.scalelab.core.plot.LogAxes;
import java.awt.Color;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Line charts with error bars (drawn as PNG and SVG through {@code core.plot.Pictures}). */
public final class Charts {
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0xff7f0e), new Color(0x9467bd), new Color(0x555555)};
    private static final int MARKED_POINTS = 40;

    /** One plotted series: x, mean y and (optional, may be null) standard deviation. */
    public record Series(String name, double[] x, double[] y, double[] sd) {
    }

    private Charts() {
    }

    /** One chart of the series; {@code logX} for a logarithmic x axis. */
    public static XYChart chart(String title, String xTitle, String yTitle, boolean logX, List<Series> series) {
        return chart(title, xTitle, yTitle, logX, false, false, series);
    }

    /** Like the above, optionally with a log y axis; {@code scatter} draws markers only (one per observation). */
    public static XYChart chart(String title, String xTitle, String yTitle, boolean logX, boolean logY,
                                boolean scatter, List<Series> series) {
        return chart(title, xTitle, yTitle, logX, logY, scatter, series, List.of());
    }

    /**
     * Like the above, with fitted lines: {@code fits.get(i)} (may be null) is drawn dashed, without markers, in the
     * colour of {@code series.get(i)}.
     */
    public static XYChart chart(String title, String xTitle, String yTitle, boolean logX, boolean logY,
                                boolean scatter, List<Series> series, List<Series> fits) {
        XYChart chart = new XYChartBuilder().width(1000).height(640).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        org.knowm.xchart.style.XYStyler s = chart.getStyler();
        chart.getStyler().setXAxisLogarithmic(logX);
        chart.getStyler().setYAxisLogarithmic(logY);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS); // never over a data point
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesVisible(true);
        chart.getStyler().setMarkerSize(7);
        // "#0.###" only on linear axes: log axes get their labels (10^k) from LogAxes.
        if (!logY) {
            s.setYAxisDecimalPattern("#0.###");
        }
        if (!logX) {
            s.setXAxisDecimalPattern("#0.###");
        }
        int i = 0;
        for (Series ser : series) {
            XYSeries xy = ser.sd() == null ? chart.addSeries(ser.name(), ser.x(), ser.y())
                    : chart.addSeries(ser.name(), ser.x(), ser.y(), ser.sd());
            Color c = COLORS[i++ % COLORS.length];
            xy.setLineColor(c);
            xy.setMarkerColor(c);
            // Markers mark measured points; a dense curve (a distribution's quantiles) reads better without.
            xy.setMarker(ser.x().length <= MARKED_POINTS ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            if (scatter) {
                xy.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            }
            Series fit = i - 1 < fits.size() ? fits.get(i - 1) : null;
            if (fit != null) {
                XYSeries f = chart.addSeries(fit.name(), fit.x(), fit.y());
                f.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                f.setMarker(SeriesMarkers.NONE);
                f.setLineColor(c);
                f.setLineStyle(new java.awt.BasicStroke(1.8f, java.awt.BasicStroke.CAP_BUTT,
                        java.awt.BasicStroke.JOIN_MITER, 10f, new float[] {7f, 4f}, 0f));
            }
        }
        LogAxes.readable(chart);
        return chart;
    }
}
