package dev.scalelab.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunScanTest {

    private static RunSummary summary(String id, double accuracy) {
        return new RunSummary(RunLogs.SCHEMA_VERSION, id, RunSummary.DONE, 100, 1000, 6e5, 10, 0.5, 0.6, 0.4, 0.55,
                accuracy, false, null, null, 1.5, Map.of("seed", 1));
    }

    private static Provenance provenance() {
        return Provenance.of(new BuildInfo("0.1", BuildInfo.UNKNOWN, null), null,
                new Provenance.Host("17", "vendor", "linux", "amd64", "host"), BackendProvenance.basic("cpu", "cpu"),
                "test");
    }

    @Test
    void findsEveryRunBelowTheRootKeyedByItsDirectory(@TempDir Path tmp) throws IOException {
        RunStore store = new RunStore(tmp, false);
        for (String run : List.of("run/level_0/ticket_s1", "run/level_1/ticket_s1", "run/level_1/reinit_s1")) {
            store.prepare(run).commit(summary(run, run.contains("reinit") ? 0.79 : 0.8), provenance(), null);
        }
        RunWriter killed = store.prepare("run/level_2/ticket_s1");
        killed.append(new MetricLine(1, 10, 60, 0.1, 0.5, null, null));
        killed.flush(); // a run in flight, or killed: logs, no summary
        Files.writeString(tmp.resolve("run/results.json"), "{}");
        Files.writeString(tmp.resolve("run/config.yaml"), "name: x\n"); // an experiment's config is not a run

        RunScan scan = RunScan.of(tmp);
        assertEquals(List.of("run/level_0/ticket_s1", "run/level_1/reinit_s1", "run/level_1/ticket_s1"),
                List.copyOf(scan.complete().keySet()));
        assertEquals(0.79, scan.complete().get("run/level_1/reinit_s1").finalTestAccuracy());
        assertEquals(tmp.resolve("run/level_1/reinit_s1"), scan.dir("run/level_1/reinit_s1"));
        assertEquals(List.of("run/level_2/ticket_s1"), scan.incomplete());
        assertEquals(List.of(), scan.unreadable());
        assertNull(scan.warning());
        assertEquals(Map.of(), RunScan.of(tmp.resolve("run/level_2")).complete());
        assertEquals(List.of("."), RunScan.of(tmp.resolve("run/level_2/ticket_s1")).incomplete());
    }

    @Test
    void aTruncatedOrForeignSummaryMakesItsRunUnreadableNotTheWholeTree(@TempDir Path tmp) throws IOException {
        RunStore store = new RunStore(tmp, false);
        store.prepare("good").commit(summary("good", 0.5), provenance(), null);
        String full = Files.readString(tmp.resolve("good/summary.json"));
        Files.createDirectories(tmp.resolve("cut"));
        Files.writeString(tmp.resolve("cut/summary.json"), full.substring(0, full.length() / 2));
        Files.createDirectories(tmp.resolve("empty"));
        Files.writeString(tmp.resolve("empty/summary.json"), "");
        Files.createDirectories(tmp.resolve("array"));
        Files.writeString(tmp.resolve("array/summary.json"), "[1, 2, 3]");
        Files.createDirectories(tmp.resolve("other"));
        Files.writeString(tmp.resolve("other/summary.json"), "{\"hello\": \"world\"}");

        RunScan scan = RunScan.of(tmp);
        assertEquals(List.of("good"), List.copyOf(scan.complete().keySet()));
        assertEquals(List.of("array", "cut", "empty", "other"),
                scan.unreadable().stream().map(RunScan.Unreadable::run).toList());
        assertTrue(scan.unreadable().get(1).reason().startsWith("not valid JSON"), scan.unreadable().toString());
        assertEquals("empty", scan.unreadable().get(2).reason());
        assertTrue(scan.warning().startsWith("warning: skipped 4 run(s) whose summary.json cannot be read"));
        assertFalse(scan.warning().contains("\n"));
        assertNull(store.completed("cut"));
        assertEquals("good", store.completed("good").runId());
    }

    @Test
    void aNewerSchemaIsAnErrorNamingTheFile(@TempDir Path tmp) throws IOException {
        Path bad = tmp.resolve("x/summary.json");
        Files.createDirectories(bad.getParent());
        Files.writeString(bad, "{\"schema_version\": 99, \"run_id\": \"x\", \"status\": \"done\"}");
        RunLogException e = assertThrows(RunLogException.class, () -> RunScan.of(tmp));
        assertTrue(e.getMessage().startsWith(bad + ": schema_version 99 is newer"), e.getMessage());
    }

    @Test
    void prepareClearsWhatAnEarlierAttemptLeftAndCommitWritesSummaryLast(@TempDir Path tmp) throws IOException {
        RunStore store = new RunStore(tmp, true);
        Path dir = store.dir("a/b");
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("summary.json"), "{\"run_id\": \"a/b\", \"stat"); // truncated
        Files.writeString(dir.resolve("metrics.jsonl"), "{\"step\": 1}\n{\"st");
        RunWriter w = store.prepare("a/b");
        assertEquals(List.of("sub"), list(dir));
        for (int step = 1; step <= 3; step++) {
            w.append(new MetricLine(step, step * 10L, step * 600.0, step * 0.1, 1.0 / step, null, null));
        }
        w.commit(summary("a/b", 0.9), provenance(), "width: 3\n");
        assertEquals(List.of("config.yaml", "metrics.jsonl", "provenance.json", "sub", "summary.json"), list(dir));
        JsonLines.Read<MetricLine> lines = JsonLines.read(dir.resolve("metrics.jsonl"), MetricLine.class);
        assertEquals(List.of(1L, 2L, 3L), lines.records().stream().map(MetricLine::step).toList());
        assertFalse(lines.truncatedTail());
        assertEquals(0.9, store.completed("a/b").finalTestAccuracy());
        assertEquals("cpu", RunLogs.read(dir.resolve("provenance.json"), Provenance.class).backend());
    }

    @Test
    void runPathsStayBelowTheRoot(@TempDir Path tmp) {
        RunStore store = new RunStore(tmp, false);
        for (String bad : List.of("../x", "a/../../x", "/etc", "a//b", ".hidden", "", "a/")) {
            assertThrows(IllegalArgumentException.class, () -> store.dir(bad), bad);
        }
        assertEquals(tmp.resolve("tiny-ep/signed_constant_k0.25_s3"), store.dir("tiny-ep/signed_constant_k0.25_s3"));
    }

    private static List<String> list(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Wherever a power cut ends a summary.json, the run reads as cut (not valid JSON), never as another kind of file. */
    @Test
    void aSummaryCutAnywhereIsNotValidJson(@TempDir Path tmp) throws IOException {
        byte[] full = Files.readAllBytes(Path.of("src/test/resources/example-sweep/8a7d1399b53a/summary.json"));
        Path file = tmp.resolve("summary.json");
        int end = full.length;
        while (Character.isWhitespace(full[end - 1])) {
            end--;
        }
        for (int cut = 1; cut < end; cut++) {
            Files.write(file, java.util.Arrays.copyOf(full, cut));
            RunScan.Read read = RunScan.read(file);
            assertNull(read.summary(), "cut at " + cut);
            assertTrue(read.problem().startsWith("not valid JSON"), "cut at " + cut + ": " + read.problem());
        }
    }
}
