package dev.scalelab.core.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

class PicturesTest {

    private static XYChart chart(boolean logX, double... x) {
        XYChart c = new XYChartBuilder().width(300).height(200).title("t").build();
        c.getStyler().setXAxisLogarithmic(logX);
        double[] y = new double[x.length];
        java.util.Arrays.fill(y, 1);
        c.addSeries("s", x, y);
        return c;
    }

    @Test
    void drawsPngAndSvgIntoAFolderItCreates(@TempDir Path tmp) throws Exception {
        StringWriter err = new StringWriter();
        Path png = tmp.resolve("a/b/x.png");
        assertTrue(new Pictures(Plotter.files(), new PrintWriter(err)).draw(png, Figure.of(() -> chart(false, 1, 2),
                72)));
        assertEquals("", err.toString());
        byte[] head = Files.readAllBytes(png);
        assertEquals((byte) 0x89, head[0]);
        assertEquals("PNG", new String(head, 1, 3, java.nio.charset.StandardCharsets.US_ASCII));
        assertTrue(Files.readString(tmp.resolve("a/b/x.svg")).contains("<svg"));
    }

    @Test
    void anyFailureIsOneWarningLineNamingTheFileAndTheCause(@TempDir Path tmp) {
        StringWriter err = new StringWriter();
        Pictures pictures = new Pictures(Plotter.files(), new PrintWriter(err, true));
        Path png = tmp.resolve("x.png");
        // XChart refuses a log axis with a non-positive value; the chart is built inside the draw.
        assertFalse(pictures.draw(png, Figure.of(() -> chart(true, 0, 1), 72)));
        assertFalse(pictures.draw(png, p -> {
            throw new InternalError("line one\n  line two", new RuntimeException("inner"));
        }));
        assertFalse(pictures.draw(png, p -> {
            throw new IllegalStateException();
        }));
        String[] lines = err.toString().split("\n");
        assertEquals(3, lines.length, err.toString());
        assertTrue(lines[0].startsWith("warning: " + png + " not drawn: "), lines[0]);
        assertEquals("warning: " + png + " not drawn: line one line two", lines[1]);
        assertEquals("warning: " + png + " not drawn: java.lang.IllegalStateException", lines[2]);
        assertFalse(Files.exists(png));
    }

    @Test
    void aLinkageErrorSaysSo() {
        assertEquals("UnsatisfiedLinkError: libfontmanager.so: libharfbuzz.so.0: cannot open",
                Pictures.reason(new UnsatisfiedLinkError("libfontmanager.so: libharfbuzz.so.0: cannot open")));
    }

    @Test
    void svgSitsNextToThePng() {
        assertEquals(Path.of("out/m/memorization.svg"), Plotter.svgOf(Path.of("out/m/memorization.png")));
    }
}
