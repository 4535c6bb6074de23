package dev.scalelab.core.plot;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The seam every command draws through, passed in so that tests can swap it (e.g. for one that fails the way a
 * machine without font libraries does). Commands never call it directly but through {@link Pictures}, after their
 * results are out.
 */
@FunctionalInterface
public interface Plotter {

    /** Draws {@code figure} into {@code png} (and the SVG beside it); may throw anything. */
    void draw(Path png, Figure figure) throws Exception;

    /** The real plotter: creates the folder and writes the files, headless. */
    static Plotter files() {
        return (png, figure) -> {
            if (System.getProperty("java.awt.headless") == null) {
                System.setProperty("java.awt.headless", "true");
            }
            Path dir = png.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            figure.write(png);
        };
    }

    /** The SVG written next to a PNG: {@code x.png} → {@code x.svg}. */
    static Path svgOf(Path png) {
        String name = png.getFileName().toString();
        return png.resolveSibling((name.endsWith(".png") ? name.substring(0, name.length() - 4) : name) + ".svg");
    }
}
