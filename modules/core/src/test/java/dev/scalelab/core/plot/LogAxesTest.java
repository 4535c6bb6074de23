package dev.scalelab.core.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/** One log-axis format: labels only at powers of ten, written 10ᵏ, never overlapping, the axis holding every point. */
class LogAxesTest {
    private static XYChart chart(int width, double lo, double hi, boolean logY) {
        XYChart c = new XYChartBuilder().width(width).height(400).title("t").build();
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setYAxisLogarithmic(logY);
        int n = 17;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = lo * Math.pow(hi / lo, i / (n - 1.0));
            y[i] = 0.03 + 1 / Math.sqrt(x[i]);
        }
        c.addSeries("s", x, y);
        LogAxes.readable(c);
        return c;
    }

    @ParameterizedTest
    @CsvSource({"900, 70, 100", "900, 5000, 8000", "900, 32, 2048", "900, 1e-12, 1e12", "300, 1e-30, 1e30",
        "600, 0.7, 1.0", "900, 93, 5313"})
    void labelsArePowersOfTenAndNeverOverlap(int width, double lo, double hi) throws Exception {
        XYChart c = chart(width, lo, hi, true);
        for (boolean x : new boolean[] {true, false}) {
            List<TickLabelBoxes.Box> boxes = TickLabelBoxes.of(c, x);
            assertTrue(boxes.size() >= 2, (x ? "x" : "y") + " labels: " + boxes);
            assertEquals(List.of(), TickLabelBoxes.overlaps(boxes));
            for (TickLabelBoxes.Box b : boxes) {
                assertTrue(b.text().matches("10[⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+"), b.text());
            }
        }
    }

    @Test
    void axisSpansWholeDecadesAroundEveryPoint() {
        XYChart c = chart(900, 93, 5313, false);
        assertEquals(1.0, c.getStyler().getXAxisMin());
        assertEquals(4.0, c.getStyler().getXAxisMax());
        // the data are held as log10 values, inside the axis
        double[] x = c.getSeriesMap().get("s").getXData();
        assertEquals(Math.log10(93), x[0], 1e-12);
        assertFalse(c.getSeriesMap().get(LogAxes.FRAME).isShowInLegend());
    }

    @Test
    void labelText() {
        assertEquals("10³", LogAxes.label(3.0));
        assertEquals("10⁻¹²", LogAxes.label(-12.0));
        assertEquals("10⁰", LogAxes.label(0.0));
        assertEquals("", LogAxes.label(0.5));
    }

    @Test
    void nonPositiveValuesOnALogAxisAreRefused() {
        XYChart c = new XYChartBuilder().width(300).height(200).build();
        c.getStyler().setYAxisLogarithmic(true);
        c.addSeries("s", new double[] {1, 2}, new double[] {1, 0});
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> LogAxes.readable(c));
        assertTrue(e.getMessage().contains("logarithmic"), e.getMessage());
    }
}
