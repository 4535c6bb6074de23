package dev.scalelab.cli.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.core.plot.LogAxes;
import dev.scalelab.pruning.report.Charts;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** {@code sweep plot --slope} draws each series' fitted line, in its colour, with the slope in the legend. */
class SlopeLineTest {
    @Test
    void fittedLineIsDrawnInTheSeriesColourWithItsSlope() {
        Map<Double, List<Double>> pts = new TreeMap<>();
        for (double x : new double[] {4, 8, 16, 32, 64}) {
            pts.put(x, List.of(3 * Math.pow(x, -0.5) * 1.01, 3 * Math.pow(x, -0.5) / 1.01));
        }
        LogLogSlope s = LogLogSlope.of(pts);
        assertEquals(-0.5, s.slope(), 1e-9);
        Charts.Series fit = SweepPlotCommand.fitLine("mean over runs", pts, s);
        assertEquals(4, fit.x()[0]);
        assertEquals(64, fit.x()[fit.x().length - 1], 1e-9);
        for (int i = 0; i < fit.x().length; i++) {
            assertEquals(3 * Math.pow(fit.x()[i], -0.5), fit.y()[i], 1e-9);
        }
        assertTrue(fit.name().contains("slope -0.500"), fit.name());
        Charts.Series means = new Charts.Series("mean over runs", new double[] {4, 8, 16, 32, 64},
                new double[] {1.5, 1.06, 0.75, 0.53, 0.375}, null);
        XYChart c = Charts.chart("t", "width", "loss", true, true, false, List.of(means), List.of(fit));
        XYSeries line = c.getSeriesMap().get(fit.name());
        XYSeries data = c.getSeriesMap().get("mean over runs");
        assertEquals(data.getLineColor(), line.getLineColor());
        assertEquals(SeriesMarkers.NONE, line.getMarker());
        assertTrue(line.isShowInLegend());
        // on log axes the line is straight: the chart holds log10 values
        double[] lx = line.getXData();
        double[] ly = line.getYData();
        for (int i = 1; i < lx.length; i++) {
            assertEquals(-0.5, (ly[i] - ly[i - 1]) / (lx[i] - lx[i - 1]), 1e-9);
        }
        assertTrue(c.getSeriesMap().containsKey(LogAxes.FRAME));
    }
}
