package dev.scalelab.core.plot;

import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * Draws a command's figures after its results: a figure that cannot be drawn (no font library on a GPU node, an
 * unwritable folder, a chart bug) costs one line {@code warning: <png> not drawn: <reason>} on stderr and nothing
 * else: not the results already printed and written, not the exit code.
 */
public final class Pictures {
    private final Plotter plotter;
    private final PrintWriter err;

    public Pictures(Plotter plotter, PrintWriter err) {
        this.plotter = plotter;
        this.err = err;
    }

    /** Draws one figure; returns whether its files were written. */
    public boolean draw(Path png, Figure figure) {
        try {
            plotter.draw(png, figure);
            return true;
        } catch (Throwable e) {
            // Errors too: AWT reports a missing font library as UnsatisfiedLinkError, missing fonts as Error or
            // InternalError. The results are already out, so nothing is lost by carrying on.
            err.println("warning: " + png + " not drawn: " + reason(e));
            err.flush();
            return false;
        }
    }

    /** One line: the first message in the cause chain (or the exception's name), whitespace collapsed. */
    static String reason(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c.getMessage() != null && !c.getMessage().isBlank()) {
                String kind = c instanceof LinkageError ? c.getClass().getSimpleName() + ": " : "";
                return kind + c.getMessage().strip().replaceAll("\\s+", " ");
            }
        }
        return t.getClass().getName();
    }
}
