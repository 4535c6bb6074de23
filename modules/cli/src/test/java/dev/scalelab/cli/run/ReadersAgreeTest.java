package dev.scalelab.cli.run;

import dev.scalelab.pruning.TinyImpConfig;
import dev.scalelab.cli.CliRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scalelab.core.run.RunLogs;
import dev.scalelab.core.run.RunScan;
import dev.scalelab.scaling.data.ColumnMapping;
import dev.scalelab.scaling.data.FitPoints;
import dev.scalelab.scaling.data.DatasetLoader;
import dev.scalelab.scaling.data.Observation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sweep table} and {@code fit} read run logs through one reader: on a sweep's output, an IMP output and an
 * edge-popup output they find the same runs with the same N and loss; a truncated summary.json costs each reader
 * one counted warning, {@code sweep status} names it, and a resumed sweep redoes that run.
 */
class ReadersAgreeTest {
    @TempDir
    static Path tmp;
    static Path sweep;
    static Path imp;
    static Path popup;

    static Path config(String name, String text) throws IOException {
        Path f = tmp.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @BeforeAll
    static void writeThreeKindsOfOutput() throws IOException {
        sweep = tmp.resolve("sweep");
        CliRun s = CliRun.of("sweep", "run", config("sweep.yaml", """
                name: agree
                parameters:
                  width: {values: [3, 5, 8]}
                  seed: {values: [1, 2]}
                task: {kind: teacher_student, n: 16, d: 3, test_size: 8}
                train: {steps: 20, log_every: 10}
                """).toString(), "--out", sweep.toString());
        assertEquals(0, s.code(), s.err());
        imp = tmp.resolve("imp");
        CliRun i = CliRun.of("prune", "imp", config("imp.yaml", TinyImpConfig.YAML).toString(), "--out", imp.toString(), "--json");
        assertEquals(0, i.code(), i.err());
        popup = tmp.resolve("popup");
        CliRun p = CliRun.of("prune", "edge-popup", config("ep.yaml", """
                name: tiny-ep
                task: {kind: random_classes, n: 128, d: 8, classes: 2, test_size: 64}
                model: {widths: [10]}
                train: {optimizer: sgd, lr: 0.1, momentum: 0.9, batch_size: 32, steps: 12}
                seeds: [3]
                popup: {k: [0.25, 0.5], inits: [signed_constant]}
                """).toString(), "--out", popup.toString(), "--json");
        assertEquals(0, p.code(), p.err());
    }

    @Test
    void tableAndFitFindTheSameRunsInEveryKindOfOutput() throws IOException {
        assertAgree(sweep, 6);
        assertAgree(imp, 5); // level 0: ticket; levels 1 and 2: ticket and random_pruning
        assertAgree(popup, 3); // dense, and two edge-popup variants
    }

    @Test
    void fitOnAnImpOutputFits() {
        CliRun fit = CliRun.of("fit", imp.toString(), "--form", "power", "--bootstrap", "0", "--json");
        assertEquals(0, fit.code(), fit.err());
        assertEquals(5, RunLogs.JSON.valueToTree(parse(fit.out())).get("data").get("rows_read").asInt());
    }

    @Test
    void aTruncatedSummaryIsSkippedWithOneWarningReportedAndRedoneOnResume() throws IOException {
        Path dir = tmp.resolve("sweep-cut");
        copy(sweep, dir);
        RunScan before = RunScan.of(dir);
        String victim = before.complete().firstKey();
        Path summary = dir.resolve(victim).resolve("summary.json");
        String full = Files.readString(summary);
        Files.writeString(summary, full.substring(0, full.length() / 3)); // what a power cut can leave

        CliRun status = CliRun.of("sweep", "status", dir.toString());
        assertEquals(0, status.code(), status.err());
        assertTrue(status.out().contains("6 runs: 5 done, 0 diverged, 0 failed, 0 pending, 1 unreadable"),
                status.out());
        assertTrue(status.out().contains("unreadable " + victim + ": summary.json not valid JSON"), status.out());

        CliRun table = CliRun.of("sweep", "table", dir.toString());
        assertEquals(0, table.code(), table.err());
        assertEquals(1 + 5, table.out().lines().count());
        assertFalse(table.out().contains(victim));
        List<String> tableErr = table.err().lines().toList();
        assertEquals(1, tableErr.size(), table.err());
        assertTrue(tableErr.get(0).startsWith("warning: skipped 1 run(s) whose summary.json cannot be read"));

        CliRun fit = CliRun.of("fit", dir.toString(), "--form", "power", "--bootstrap", "0", "--json");
        assertEquals(0, fit.code(), fit.err());
        // the same skipped-runs line, once, first; the fit's own diagnostics (this tiny sweep's loss does not fall
        // with N) follow as further warning lines
        List<String> fitErr = fit.err().lines().toList();
        assertEquals(tableErr.get(0), fitErr.get(0), fit.err());
        assertEquals(1, fitErr.stream().filter(l -> l.startsWith("warning: skipped")).count(), fit.err());
        assertEquals(parse(fit.out()).get("diagnostics").get("warnings").size() + 1, fitErr.size(), fit.err());
        JsonNode data = parse(fit.out()).get("data");
        assertEquals(5, data.get("rows_read").asInt());
        assertEquals(1, data.get("notes").get(DatasetLoader.UNREADABLE_NOTE).asInt());

        CliRun resume = CliRun.of("sweep", "run", tmp.resolve("sweep.yaml").toString(), "--out", dir.toString());
        assertEquals(0, resume.code(), resume.err());
        assertTrue(resume.out().contains("6 runs (5 complete before, 1 run in 1 jobs)"), resume.out());
        assertTrue(resume.err().contains("1 run(s) had a summary.json that cannot be read"), resume.err());
        RunScan after = RunScan.of(dir);
        assertEquals(before.complete().keySet(), after.complete().keySet());
        assertEquals(List.of(), after.unreadable());
        assertEquals(before.complete().get(victim).finalTrainLoss(), after.complete().get(victim).finalTrainLoss());
        CliRun clean = CliRun.of("sweep", "table", dir.toString());
        assertEquals("", clean.err());
    }

    /** Every run the table lists is a fit row with the same N and loss, and nothing else is. */
    private static void assertAgree(Path dir, int runs) throws IOException {
        CliRun table = CliRun.of("sweep", "table", dir.toString(), "--format", "json");
        assertEquals(0, table.code(), table.err());
        assertEquals("", table.err());
        Set<String> fromTable = new TreeSet<>();
        for (JsonNode row : parse(table.out())) {
            assertEquals("done", row.get("status").asText());
            fromTable.add(key(row.get("params").asDouble(), loss(row)));
        }
        FitPoints data = DatasetLoader.load(List.of(dir), new DatasetLoader.Options(ColumnMapping.defaults(), 6,
                List.of(), 0, List.of(DatasetLoader.Need.N)));
        Set<String> fromFit = new TreeSet<>();
        for (Observation o : data.observations()) {
            fromFit.add(key(o.n(), o.loss()));
        }
        assertEquals(runs, fromTable.size(), dir + ": " + fromTable);
        assertEquals(runs, data.rowsRead());
        assertEquals(fromTable, fromFit, dir.toString());
        assertEquals(RunScan.of(dir).complete().size(), runs);
    }

    private static double loss(JsonNode row) {
        JsonNode test = row.get("final_test_loss");
        return test == null || test.isNull() ? row.get("final_train_loss").asDouble() : test.asDouble();
    }

    private static String key(double n, double loss) {
        return String.format(Locale.ROOT, "N=%.0f loss=%.12g", n, loss);
    }

    private static JsonNode parse(String json) {
        try {
            JsonNode node = RunLogs.JSON.readTree(json);
            assertNotNull(node);
            return node;
        } catch (IOException e) {
            throw new AssertionError(json, e);
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        List<Path> all = new ArrayList<>();
        try (var s = Files.walk(from)) {
            s.forEach(all::add);
        }
        for (Path p : all) {
            Path target = to.resolve(from.relativize(p).toString());
            if (Files.isDirectory(p)) {
                Files.createDirectories(target);
            } else if (!p.getFileName().toString().equals(".lock")) {
                Files.copy(p, target);
            }
        }
    }
}
