package dev.scalelab.cli;

import dev.scalelab.pruning.TinyImpConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scalelab.core.plot.Plotter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command that draws, with a plotter that fails as AWT does on a machine without libharfbuzz: the results
 * are complete on stdout before the first figure is asked for, each figure costs exactly one warning line, the
 * exit code stays 0, and no picture file is left behind.
 */
class PlotFailureTest {
    private static final String FONT_ERROR = "/opt/scalelab/runtime/lib/libfontmanager.so: libharfbuzz.so.0: "
            + "cannot open shared object file: No such file or directory";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A run with the failing plotter: what stdout held each time a figure was asked for. */
    record Run(int exitCode, String out, String err, List<String> outAtDraw, List<Path> asked) {
        JsonNode json() throws IOException {
            return JSON.readTree(out);
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> outAtDraw = new ArrayList<>();
        List<Path> asked = new ArrayList<>();
        Plotter failing = (png, figure) -> {
            outAtDraw.add(out.toString());
            asked.add(png);
            throw new UnsatisfiedLinkError(FONT_ERROR);
        };
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), failing);
        return new Run(code, out.toString(), err.toString(), outAtDraw, asked);
    }

    /** The common promise: exit 0, the whole JSON out before drawing, one warning per figure, no files drawn. */
    static JsonNode assertResultsKept(Run r, Path root, String... pngs) throws IOException {
        assertOutputKept(r, root, pngs);
        return r.json();
    }

    /** As {@link #assertResultsKept} for a command whose results are text, not JSON. */
    static void assertOutputKept(Run r, Path root, String... pngs) throws IOException {
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(pngs.length, r.asked().size(), "figures asked for: " + r.asked());
        for (String atDraw : r.outAtDraw()) {
            assertEquals(r.out(), atDraw, "stdout was complete before the figure was drawn");
        }
        List<String> warnings = r.err().lines().filter(l -> l.startsWith("warning: ")).toList();
        assertEquals(pngs.length, warnings.size(), r.err());
        for (int i = 0; i < pngs.length; i++) {
            assertEquals(pngs[i], r.asked().get(i).getFileName().toString());
            assertEquals("warning: " + r.asked().get(i) + " not drawn: UnsatisfiedLinkError: " + FONT_ERROR,
                    warnings.get(i));
        }
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        try (Stream<Path> files = Files.walk(root)) {
            assertEquals(List.of(), files.filter(p -> p.toString().endsWith(".png") || p.toString().endsWith(".svg"))
                    .toList());
        }
    }

    @Test
    void sweepPlot(@TempDir Path tmp) throws Exception {
        Run r = run("sweep", "plot", "../core/src/test/resources/example-sweep", "--x", "params", "--y",
                "final_train_loss", "--slope", "--out", tmp.resolve("plots").toString(), "--name", "p");
        assertOutputKept(r, tmp, "p.png");
        assertTrue(r.out().contains("| mean over runs | 21 |"), r.out());
        assertFalse(r.out().contains("plot: "), "no picture is claimed: " + r.out());
    }

    @Test
    void memorize(@TempDir Path tmp) throws Exception {
        Run r = run("memorize", "--n", "10", "--d", "3", "--widths", "2,12", "--seeds", "2", "--steps", "50",
                "--plot", tmp.resolve("plots").toString(), "--json");
        JsonNode doc = assertResultsKept(r, tmp, "memorization.png");
        assertEquals(2, doc.get("widths").size());
        assertEquals(12, doc.get("widths").get(1).get("certificates").get(0).get("features").asInt());
    }

    @Test
    void benchBackends(@TempDir Path tmp) throws Exception {
        Run r = run("bench", "backends", "--backends", "cpu", "--widths", "4,8", "--models", "1", "--depth", "1",
                "--input", "4", "--batch", "8", "--steps", "1", "--warmup", "1", "--peak-size", "32",
                "--out", tmp.resolve("bench").toString(), "--json");
        JsonNode doc = assertResultsKept(r, tmp, "backends.png");
        assertEquals(2, doc.get("points").size());
        assertTrue(doc.get("points").get(0).get("steps_per_second").asDouble() > 0);
    }

    @Test
    void fitWithPlots(@TempDir Path tmp) throws Exception {
        Path csv = tmp.resolve("loss.csv");
        StringBuilder rows = new StringBuilder("params,final_test_loss\n");
        for (double n : new double[] {1e3, 3e3, 1e4, 3e4, 1e5, 3e5}) {
            rows.append(n).append(',').append(2 * Math.pow(n, -0.3) + 0.1).append('\n');
        }
        Files.writeString(csv, rows);
        Run r = run("fit", csv.toString(), "--form", "power", "--bootstrap", "0", "--plot",
                tmp.resolve("fit").toString(), "--json");
        JsonNode doc = assertResultsKept(r, tmp, "fit.png", "residuals.png");
        assertEquals(0.3, doc.get("parameters").get("alpha").get("value").asDouble(), 1e-3);
        assertEquals(4, doc.get("plots").size(), "the PNG and SVG of both figures, listed though not drawn");
    }

    @Test
    void pruneImp(@TempDir Path tmp) throws Exception {
        Path config = tmp.resolve("imp.yaml");
        Files.writeString(config, TinyImpConfig.with("n", "64", "d", "6", "classes", "2", "test_size", "32",
                "widths", "[6]", "steps", "4", "seeds", "[1]", "levels", "1", "controls", "[]"));
        Run r = run("prune", "imp", config.toString(), "--out", tmp.resolve("out").toString(), "--json");
        JsonNode doc = assertResultsKept(r, tmp, "accuracy_vs_density.png");
        assertEquals(2, doc.get("levels").size());
        assertTrue(Files.exists(Path.of(doc.get("run_dir").asText()).resolve("level_1/sparsity.json")));
    }

    @Test
    void pruneEdgePopup(@TempDir Path tmp) throws Exception {
        Path config = tmp.resolve("ep.yaml");
        Files.writeString(config, """
                name: tiny-ep
                task: {kind: random_classes, n: 64, d: 6, classes: 2, test_size: 32}
                model: {widths: [6]}
                train: {optimizer: sgd, lr: 0.1, momentum: 0.9, batch_size: 32, steps: 4}
                seeds: [1]
                popup: {k: [0.5], inits: [signed_constant]}
                """);
        Run r = run("prune", "edge-popup", config.toString(), "--out", tmp.resolve("out").toString(), "--json");
        JsonNode doc = assertResultsKept(r, tmp, "accuracy_vs_k.png");
        assertEquals(1, doc.get("results").size());
        assertEquals(doc, JSON.readTree(tmp.resolve("out/tiny-ep/results.json").toFile()), "results.json as printed");
    }

    @Test
    void pruneSubsetSum(@TempDir Path tmp) throws Exception {
        Path config = tmp.resolve("ss.yaml");
        Files.writeString(config, """
                name: tiny-ss
                task: {kind: random_classes, n: 64, d: 4, classes: 2, test_size: 32}
                model: {widths: [3]}
                train: {optimizer: adam, lr: 0.01, batch_size: 32, steps: 5}
                seeds: [1]
                construction: {n: 8, epsilon: 0.05, seed: 3, threads: 1}
                """);
        Run r = run("prune", "subset-sum", config.toString(), "--out", tmp.resolve("out").toString(), "--json");
        JsonNode doc = assertResultsKept(r, tmp, "weight_errors.png");
        assertEquals(4 * 3 + 3 * 2, doc.get("target_weights").asInt());
        assertEquals(doc, JSON.readTree(tmp.resolve("out/tiny-ss/results.json").toFile()), "results.json as printed");
    }
}
