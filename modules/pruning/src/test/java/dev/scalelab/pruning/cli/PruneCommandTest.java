package dev.scalelab.pruning.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scalelab.core.run.RunLogs;
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
        Files.writeString(config, """
                name: tiny
                task: {kind: random_classes, n: 128, d: 12, classes: 3, test_size: 64}
                model: {widths: [10]}
                train: {optimizer: sgd, lr: 0.05, batch_size: 32, steps: 10}
                seeds: [4]
                pruning: {strategy: global, rate: 0.5, levels: 2}
                controls: [random_pruning]
                """);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new PruneCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int rc = cli.execute("imp", config.toString(), "--out", tmp.resolve("out").toString(), "--json");
        assertEquals(0, rc, err.toString());
        JsonNode doc = RunLogs.JSON.readTree(out.toString());
        assertEquals(3, doc.get("levels").size());
        // 150 weights: 75 pruned, then round(37.5) = 38 (half up) of the 75 left: 37 kept.
        assertEquals(37 / 150.0, doc.get("levels").get(2).get("density").asDouble(), 1e-12);
        assertTrue(Files.exists(Path.of(doc.get("plot").asText())));
        assertTrue(Files.exists(Path.of(doc.get("plot").asText().replace(".png", ".svg"))));
        assertTrue(doc.get("levels").get(1).get("test_accuracy").has("random_pruning"));
    }
}
