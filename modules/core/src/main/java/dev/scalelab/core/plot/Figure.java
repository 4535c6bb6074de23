package dev.scalelab.core.plot;

import java.nio.file.Path;
import java.util.function.Supplier;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;

/** A picture to draw: writes the PNG it is given and the SVG of the same name beside it. */
@FunctionalInterface
public interface Figure {

    void write(Path png) throws Exception;

    /**
     * An XChart chart, built only when drawn (so that a chart XChart refuses, e.g. a log axis with a zero, costs a
     * warning too); {@code dpi} 72 keeps the chart's pixel size, more scales the PNG up (the SVG is vector).
     */
    static Figure of(Supplier<XYChart> build, int dpi) {
        return png -> {
            XYChart chart = build.get();
            String base = Plotter.svgOf(png).toString().replaceFirst("\\.svg$", "");
            BitmapEncoder.saveBitmapWithDPI(chart, base, BitmapEncoder.BitmapFormat.PNG, dpi);
            VectorGraphicsEncoder.saveVectorGraphic(chart, base, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        };
    }
}
