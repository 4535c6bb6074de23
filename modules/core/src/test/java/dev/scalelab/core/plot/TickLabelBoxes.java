package dev.scalelab.core.plot;

import java.awt.font.FontRenderContext;
import java.awt.font.TextLayout;
import java.awt.geom.Rectangle2D;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;

/**
 * The tick labels a chart's renderer draws, with their extents along the axis: the chart is rendered at its size,
 * then each axis's tick calculator (the lists the renderer painted from; reached by reflection, XChart keeps them
 * package-private) gives every non-empty label and its position, and the label's width (x) or height (y) comes from
 * the same font and text layout the renderer uses.
 */
public final class TickLabelBoxes {
    /** One label: its text and its extent [from, to] along the axis, in pixels. */
    public record Box(String text, double from, double to) {
    }

    private TickLabelBoxes() {
    }

    /** The drawn labels of the x ({@code x} true) or y axis, in axis order. */
    public static List<Box> of(XYChart chart, boolean x) throws Exception {
        BitmapEncoder.getBufferedImage(chart);
        Method axisOf = org.knowm.xchart.internal.chartpart.Chart.class.getDeclaredMethod(x ? "getXAxis" : "getYAxis");
        axisOf.setAccessible(true);
        org.knowm.xchart.internal.chartpart.Axis<?, ?> axis = (org.knowm.xchart.internal.chartpart.Axis<?, ?>)
                axisOf.invoke(chart);
        List<String> labels = axis.getAxisTickCalculator().getTickLabels();
        List<Double> at = axis.getAxisTickCalculator().getTickLocations();
        double length = x ? axis.getBounds().getWidth() : axis.getBounds().getHeight();
        FontRenderContext frc = new FontRenderContext(null, true, false);
        List<Box> out = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            String text = labels.get(i);
            double pos = at.get(i);
            if (text == null || text.isEmpty() || pos < 0 || pos > length + 1) {
                continue; // the renderer leaves these out
            }
            Rectangle2D r = new TextLayout(text, chart.getStyler().getAxisTickLabelsFont(), frc).getOutline(null)
                    .getBounds();
            double extent = x ? r.getWidth() : r.getHeight();
            out.add(new Box(text, pos - extent / 2, pos + extent / 2));
        }
        out.sort(java.util.Comparator.comparingDouble(Box::from));
        return out;
    }

    /** Pairs of neighbouring labels whose extents overlap (empty when none do). */
    public static List<String> overlaps(List<Box> boxes) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i < boxes.size(); i++) {
            if (boxes.get(i).from() < boxes.get(i - 1).to()) {
                out.add(boxes.get(i - 1) + " overlaps " + boxes.get(i));
            }
        }
        return out;
    }
}
