package dev.scalelab.scaling.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.core.plot.LogAxes;
import dev.scalelab.core.plot.TickLabelBoxes;
import dev.scalelab.scaling.FitOutcome;
import dev.scalelab.scaling.FitSettings;
import dev.scalelab.scaling.ScalingFit;
import dev.scalelab.scaling.Synthetic;
import dev.scalelab.scaling.data.FitPoints;
import dev.scalelab.scaling.data.Observation;
import dev.scalelab.scaling.fit.Penalty;
import java.awt.Color;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/**
 * The fit figures of a compute grid like configs/compute-grid.yaml (5 N × 5 D, 2 seeds): one colour per real D value
 * with the curve drawn at exactly that D, axes holding every point, tick labels that do not overlap, residuals
 * coloured by D, N* and D* on their own axes.
 */
class FitPlotsTest {
    static final double[] NS = {93, 305, 1089, 4113, 5313};
    static final double[] DS = {6400, 12800, 25600, 51200, 102400};
    static FitOutcome out;

    @BeforeAll
    static void fit() {
        SplittableRandom r = new SplittableRandom(5);
        List<Observation> obs = new ArrayList<>();
        int row = 0;
        for (double n : NS) {
            for (double d : DS) {
                for (int seed = 0; seed < 2; seed++) {
                    double l = (0.002 + 0.2 * Math.pow(n, -0.45) + 90 * Math.pow(d, -0.9))
                            * Math.exp(0.02 * Synthetic.gaussian(r));
                    obs.add(new Observation(n, d, 6 * n * d, l, "grid", ++row, null));
                }
            }
        }
        FitPoints data = new FitPoints(List.of("grid"), obs.size(), obs, Map.of(), Map.of());
        out = ScalingFit.run(data, new FitSettings("chinchilla", "N", 6, Penalty.huber(1e-3), 0, 0, 0.95,
                List.of(), Math.max(1, Runtime.getRuntime().availableProcessors()), 0.1));
    }

    private static List<XYSeries> visible(XYChart c) {
        return c.getSeriesMap().values().stream().filter(s -> !s.getName().equals(LogAxes.FRAME)).toList();
    }

    private static boolean isCurve(XYSeries s) {
        return s.getXYSeriesRenderStyle() == XYSeries.XYSeriesRenderStyle.Line;
    }

    @Test
    void oneCurveColourPerRealDValueAtExactlyThatD() {
        XYChart c = FitPlots.figures(out).get("fit").get();
        List<XYSeries> curves = visible(c).stream().filter(FitPlotsTest::isCurve).toList();
        List<XYSeries> points = visible(c).stream().filter(s -> !isCurve(s)).toList();
        assertEquals(DS.length, curves.size(), "one curve per D");
        assertEquals(DS.length, points.size(), "one point series per D");
        Set<Color> colours = new HashSet<>();
        double[] theta = out.fit().theta();
        for (int i = 0; i < DS.length; i++) {
            XYSeries curve = curves.get(i);
            XYSeries pts = points.get(i);
            colours.add(curve.getLineColor());
            assertEquals(curve.getLineColor(), pts.getMarkerColor(), "points and curve of D = " + DS[i]);
            assertEquals("D = " + (long) DS[i], pts.getName());
            assertEquals(2 * NS.length, pts.getXData().length);
            // the curve is the law at exactly this D (the chart holds log10 values on its log axes)
            double n = Math.pow(10, curve.getXData()[40]);
            assertEquals(Math.log10(out.form().predict(theta, n, DS[i])), curve.getYData()[40], 1e-9);
        }
        assertEquals(DS.length, colours.size(), "distinct colours");
    }

    @Test
    void everyFigureHoldsEveryPointAndItsTickLabelsDoNotOverlap() throws Exception {
        Map<String, Supplier<XYChart>> figures = FitPlots.figures(out);
        assertEquals(List.of("fit", "frontier-N", "frontier-D", "residuals"), List.copyOf(figures.keySet()));
        for (Map.Entry<String, Supplier<XYChart>> f : figures.entrySet()) {
            XYChart c = f.getValue().get();
            var st = c.getStyler();
            for (XYSeries s : visible(c)) {
                if (isCurve(s)) {
                    continue;
                }
                for (double x : s.getXData()) {
                    assertTrue(x >= st.getXAxisMin() && x <= st.getXAxisMax(), f.getKey() + " x " + x);
                }
                for (double y : s.getYData()) {
                    assertTrue(st.getYAxisMin() == null || y >= st.getYAxisMin() && y <= st.getYAxisMax(),
                            f.getKey() + " " + s.getName() + " y " + y);
                }
            }
            for (boolean x : new boolean[] {true, false}) {
                List<TickLabelBoxes.Box> boxes = TickLabelBoxes.of(c, x);
                assertTrue(boxes.size() >= 2, f.getKey() + ": " + boxes);
                assertEquals(List.of(), TickLabelBoxes.overlaps(boxes), f.getKey());
            }
        }
    }

    @Test
    void residualsAreColouredByDAndFrontierAxesAreSeparate() {
        XYChart res = FitPlots.figures(out).get("residuals").get();
        List<XYSeries> groups = visible(res).stream().filter(s -> !isCurve(s)).toList();
        assertEquals(DS.length, groups.size());
        assertEquals(DS.length, groups.stream().map(XYSeries::getMarkerColor).distinct().count());
        XYChart fn = FitPlots.figures(out).get("frontier-N").get();
        XYChart fd = FitPlots.figures(out).get("frontier-D").get();
        assertTrue(fn.getYAxisTitle().startsWith("N*(C)"), fn.getYAxisTitle());
        assertTrue(fd.getYAxisTitle().startsWith("D*(C)"), fd.getYAxisTitle());
        assertTrue(fn.getSeriesMap().keySet().stream().noneMatch(k -> k.contains("D*")), fn.getSeriesMap().keySet()
                .toString());
    }
}
