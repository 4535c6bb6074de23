package dev.scalelab.pruning.cli;

import dev.scalelab.pruning.TinyImpConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scalelab.core.run.RunScan;
import dev.scalelab.core.run.RunLogs;
import dev.scalelab.core.run.RunSummary;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code prune imp CONFIG --out DIR --json} prints exactly one JSON document and writes the plot and the levels. */
class PruneCommandTest {

    @Test
    void impJsonOutput(@TempDir Path tmp) throws Exception {
        Path config = tmp.resolve("tiny.yaml");
        Files.writeString(config, TinyImpConfig.YAML);
        Outcome r = run("imp", config.toString(), "--out", tmp.resolve("out").toString(), "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode doc = RunLogs.JSON.readTree(r.out());
        assertEquals(3, doc.get("levels").size());
        // 150 weights: 75 pruned, then round(37.5) = 38 (half up) of the 75 left: 37 kept.
        assertEquals(37 / 150.0, doc.get("levels").get(2).get("density").asDouble(), 1e-12);
        assertTrue(Files.exists(Path.of(doc.get("plot").asText())));
        assertTrue(Files.exists(Path.of(doc.get("plot").asText().replace(".png", ".svg"))));
        assertTrue(doc.get("levels").get(1).get("test_accuracy").has("random_pruning"));
    }

    @Test
    void subsetSumJsonOutput(@TempDir Path tmp) throws Exception {
        Path config = tmp.resolve("ss.yaml");
        Files.writeString(config, """
                name: tiny-ss
                task: {kind: random_classes, n: 256, d: 8, classes: 3, test_size: 128}
                model: {widths: [6]}
                train: {optimizer: adam, lr: 0.01, batch_size: 32, steps: 50}
                seeds: [2]
                construction: {n: 21, epsilon: 0.01, seed: 3, threads: 2}
                """);
        Outcome r = run("subset-sum", config.toString(), "--out", tmp.resolve("out").toString(), "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode doc = RunLogs.JSON.readTree(r.out());
        assertEquals(8 * 6 + 6 * 3, doc.get("target_weights").asInt());
        assertEquals("8→336→6→252→3 relu", doc.get("random_network").asText());
        assertTrue(Math.abs(doc.get("accuracy_difference_points").asDouble()) <= 1.0, r.out());
    }

    @Test
    void edgePopupWritesARunLogPerVariantAndSeedAndResumesFinishedSeeds(@TempDir Path tmp) throws Exception {
        Path config = tmp.resolve("ep.yaml");
        Files.writeString(config, """
                name: tiny-ep
                task: {kind: random_classes, n: 128, d: 8, classes: 2, test_size: 64}
                model: {widths: [10]}
                train: {optimizer: sgd, lr: 0.1, momentum: 0.9, batch_size: 32, steps: 12}
                seeds: [3, 4]
                popup: {k: [0.25, 0.5], inits: [signed_constant, kaiming_normal]}
                """);
        Path out = tmp.resolve("out");
        Outcome first = run("edge-popup", config.toString(), "--out", out.toString(), "--json");
        assertEquals(0, first.exitCode(), first.err());
        java.util.Map<String, RunSummary> runs = RunScan.of(out).complete();
        assertEquals(10, runs.size(), runs.keySet().toString());
        RunSummary quarter = runs.get("tiny-ep/signed_constant_k0.25_s4");
        assertEquals(RunSummary.DONE, quarter.status());
        assertEquals(12, quarter.steps());
        assertEquals(Math.round(0.25 * 80) + Math.round(0.25 * 20), quarter.params(), "kept weights of 8-10-2");
        assertEquals(0.25, ((Number) quarter.config().get("popup.k")).doubleValue());
        assertEquals(4, ((Number) quarter.config().get("seed")).intValue());
        assertEquals(100, runs.get("tiny-ep/dense_s3").params());
        assertTrue(Files.exists(out.resolve("tiny-ep/signed_constant_k0.25_s3/metrics.jsonl")));
        assertTrue(Files.exists(out.resolve("tiny-ep/dense_s4/provenance.json")));

        JsonNode doc = RunLogs.JSON.readTree(first.out());
        JsonNode row = doc.get("results").get(0);
        double a = row.get("test_accuracy").get(0).asDouble();
        double b = row.get("test_accuracy").get(1).asDouble();
        assertEquals(a, runs.get("tiny-ep/signed_constant_k0.25_s3").finalTestAccuracy(), 0.0);
        assertEquals((a + b) / 2, row.get("test_accuracy_mean").asDouble(), 1e-12);
        assertEquals(Math.abs(a - b) / Math.sqrt(2), row.get("test_accuracy_sd").asDouble(), 1e-12);

        // Both seeds are complete: a second run reads them back and reports the same numbers.
        Outcome again = run("edge-popup", config.toString(), "--out", out.toString(), "--json");
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.err().contains("seed 3: complete, read from its run logs"), again.err());
        assertEquals(doc.get("results"), RunLogs.JSON.readTree(again.out()).get("results"));
    }

    @Test
    void edgePopupRefusesAnOptimizerItDoesNotUse(@TempDir Path tmp) throws Exception {
        Path config = tmp.resolve("ep.yaml");
        Files.writeString(config, """
                task: {kind: random_classes, n: 64, d: 8, classes: 2, test_size: 32}
                train: {optimizer: adam, lr: 0.1, steps: 5}
                """);
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new PruneCommand());
        cli.setErr(new PrintWriter(err));
        cli.setExecutionExceptionHandler((ex, line, parse) -> {
            err.write(ex.getMessage());
            return 2;
        });
        assertEquals(2, cli.execute("edge-popup", config.toString()));
        assertTrue(err.toString().startsWith(config + ":2: train: edge-popup trains the scores with SGD"),
                err.toString());
    }

    private record Outcome(int exitCode, String out, String err) {
    }

    private static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new PruneCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int rc = cli.execute(args);
        return new Outcome(rc, out.toString(), err.toString());
    }
}
