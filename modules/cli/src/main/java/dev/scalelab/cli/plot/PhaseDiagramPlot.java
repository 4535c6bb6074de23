package dev.scalelab.cli.plot;

import dev.scalelab.core.plot.LogAxes;
import dev.scalelab.engine.memorization.MemorizationSpec;
import dev.scalelab.engine.memorization.WidthResult;
import java.awt.BasicStroke;
import java.awt.Color;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Success probability vs parameters/N: trained networks next to the exact random-feature certificate. */
public final class PhaseDiagramPlot {
    private PhaseDiagramPlot() {
    }

    /** The file name of the PNG (the SVG has the same stem). */
    public static final String PNG = "memorization.png";

    /** The chart: success fraction of trained networks and of the certificate against parameters per point. */
    public static XYChart chart(MemorizationSpec spec, List<WidthResult> results) {
        XYChart chart = new XYChartBuilder().width(900).height(640)
                .title(String.format("Memorization phase diagram: N = %d points, d = %d, %d seeds per width",
                        spec.n(), spec.d(), spec.seeds()))
                .xAxisTitle("parameters / N  (2-layer " + spec.activation() + " net, H(d+2)+1 parameters)")
                .yAxisTitle("fraction of seeds that memorize").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisMin(-0.02);
        chart.getStyler().setYAxisMax(1.02);
        // Below the plot: inside, the four long entries covered the trained curve's rise near params/N ≈ 2.
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesVisible(true);
        chart.getStyler().setMarkerSize(8);

        double[] x = results.stream().mapToDouble(WidthResult::parametersPerPoint).toArray();
        double[] trained = results.stream().mapToDouble(WidthResult::successRate).toArray();
        double[] exact = results.stream().mapToDouble(r -> (double) r.exactCertificates() / r.trials()).toArray();
        XYSeries t = chart.addSeries(String.format("trained: Adam lr %s, full batch, MSE < %s within %d steps",
                plain(spec.learningRate()), plain(spec.targetLoss()), spec.maxSteps()), x, trained);
        t.setMarker(SeriesMarkers.CIRCLE);
        t.setLineColor(new Color(0x1f77b4));
        t.setMarkerColor(new Color(0x1f77b4));
        XYSeries c = chart.addSeries("random ReLU features m = H, pseudoinverse: residual ≤ 1e-6", x, exact);
        c.setMarker(SeriesMarkers.SQUARE);
        c.setLineColor(new Color(0xd62728));
        c.setMarkerColor(new Color(0xd62728));
        double lo = Math.min(x[0], 1.0);
        double hi = Math.max(x[x.length - 1], (double) spec.parameters(spec.n()) / spec.n());
        addVertical(chart, "parameters = N", 1.0, new Color(0x555555));
        addVertical(chart, "H = N (random features reach rank N)", (double) spec.parameters(spec.n()) / spec.n(),
                new Color(0xaaaaaa));
        chart.getStyler().setXAxisMin(lo / 1.2);
        chart.getStyler().setXAxisMax(hi * 1.2);
        LogAxes.readable(chart);
        return chart;
    }

    /** A number as written by a person: 0.01, 0.0001, 1000 (no exponent, no trailing zeros). */
    public static String plain(double x) {
        return java.math.BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
    }

    private static void addVertical(XYChart chart, String name, double x, Color color) {
        XYSeries s = chart.addSeries(name, new double[] {x, x}, new double[] {0, 1});
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f},
                0f));
    }
}
