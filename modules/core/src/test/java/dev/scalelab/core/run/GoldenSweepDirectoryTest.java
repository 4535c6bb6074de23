package dev.scalelab.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.core.config.ConfigProblem;
import dev.scalelab.core.config.RunConfig;
import dev.scalelab.core.config.SweepConfigLoader;
import dev.scalelab.core.config.SweepExpander;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads the committed example sweep (written by the engine, schema version 1: two done runs with a test set, one
 * diverged, one failed). If this test breaks, the run-log contract with the fitter broke: bump the schema
 * version and keep reading version 1.
 */
class GoldenSweepDirectoryTest {
    private static final Path EXAMPLE = Path.of("src/test/resources/example-sweep");

    @Test
    void summariesHaveTheDocumentedFields() throws IOException {
        Map<String, RunSummary> summaries = new SweepDirectory(EXAMPLE).summaries();
        assertEquals(List.of("0f5afc516da4", "82d87172200e", "8a28823c6c73", "8a7d1399b53a"),
                List.copyOf(summaries.keySet()));
        RunSummary done = summaries.get("8a7d1399b53a");
        assertEquals("done", done.status());
        assertEquals(21, done.params());
        assertEquals(1000, done.samples());
        assertEquals(6.0 * 21 * 1000, done.flops());
        assertEquals(20, done.steps());
        assertEquals(0.22885340452194214, done.finalTestLoss());
        assertFalse(done.reachedTarget());
        assertNull(done.divergedAtStep());
        RunSummary diverged = summaries.get("82d87172200e");
        assertEquals("diverged", diverged.status());
        assertEquals(3L, diverged.divergedAtStep());
        assertNull(diverged.finalTrainLoss());
        RunSummary failed = summaries.get("0f5afc516da4");
        assertEquals("failed", failed.status());
        assertTrue(failed.error().contains("Fashion-MNIST file not found"));
    }

    @Test
    void everyRunIdIsTheHashOfItsConfig() throws IOException, ConfigProblem {
        for (RunSummary s : new SweepDirectory(EXAMPLE).summaries().values()) {
            assertEquals(s.runId(), RunConfig.fromFlat(new TreeMap<>(s.config())).id());
            List<RunConfig> fromYaml = SweepExpander.expand(SweepConfigLoader.load(
                    EXAMPLE.resolve(s.runId()).resolve(SweepDirectory.CONFIG)));
            assertEquals(s.runId(), fromYaml.get(0).id());
        }
    }

    @Test
    void metricsProvenanceIndexAndManifestRead() throws IOException {
        SweepDirectory dir = new SweepDirectory(EXAMPLE);
        JsonLines.Read<MetricLine> m = JsonLines.read(dir.file("8a7d1399b53a", SweepDirectory.METRICS),
                MetricLine.class);
        assertEquals(4, m.records().size());
        assertFalse(m.truncatedTail());
        MetricLine last = m.records().get(3);
        assertEquals(20, last.step());
        assertEquals(1000, last.samples());
        assertEquals(0.22885340452194214, last.testLoss());
        assertNull(last.testAccuracy());
        assertNull(JsonLines.read(dir.file("82d87172200e", SweepDirectory.METRICS), MetricLine.class).records()
                .get(0).trainLoss());
        Provenance p = Provenance.read(dir.file("8a7d1399b53a", SweepDirectory.PROVENANCE));
        assertEquals("nd4j-cpu", p.backend());
        assertEquals(Map.of("nd4j", "1.0.0-M2.1"), p.libraries());
        assertEquals(2, p.jobModels());
        assertTrue(p.ended().compareTo(p.started()) >= 0);
        assertEquals(4, dir.readIndex().records().size());
        SweepManifest manifest = dir.manifest();
        assertEquals(4, manifest.runs());
        assertNull(manifest.latestRunIds(), "a sweep.json from before latest_run_ids still reads");
        assertEquals(Map.of("done", 2, "diverged", 1, "failed", 1, "pending", 0),
                dir.statusCounts(manifest.runIds()));
    }

    @Test
    void tableMatchesTheGoldenCsv() throws IOException {
        RunTable table = new RunTable(new SweepDirectory(EXAMPLE).summaries().values());
        String golden = Files.readString(Path.of("src/test/resources/example-sweep.table.csv"),
                StandardCharsets.UTF_8);
        assertEquals(golden, table.render(RunTable.Format.CSV));
        List<String> cols = table.columns();
        assertEquals(List.of("run_id", "status"), cols.subList(0, 2));
        assertEquals(RunTable.MEASURES, cols.subList(cols.size() - RunTable.MEASURES.size(), cols.size()));
        assertTrue(cols.contains("config.model.width"));
    }

    @Test
    void aNewerSchemaVersionIsRefused(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("summary.json");
        Files.writeString(f, Files.readString(EXAMPLE.resolve("8a7d1399b53a/summary.json"))
                .replace("\"schema_version\" : 1", "\"schema_version\" : " + (RunLogs.SCHEMA_VERSION + 1)));
        RunLogException e = assertThrows(RunLogException.class, () -> RunLogs.read(f, RunSummary.class));
        assertTrue(e.getMessage().contains("schema_version " + (RunLogs.SCHEMA_VERSION + 1) + " is newer"),
                e.getMessage());
    }
}
