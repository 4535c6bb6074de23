package dev.scalelab.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden provenance.json files of both schema versions (docs/run-logs.md). Version 2 is read and written back
 * byte for byte; version 1 is read into version 2's fields. If a v2 test breaks, the documented schema changed:
 * bump the version and keep reading the old one.
 */
class ProvenanceSchemaTest {
    private static final Path DIR = Path.of("src/test/resources/provenance");

    @Test
    void cpuVersionTwoReadsAndWritesBackUnchanged() throws IOException {
        Provenance p = Provenance.read(DIR.resolve("v2-cpu.json"));
        assertEquals(2, p.schemaVersion());
        assertEquals("305b024fc61480f6fc17992349e7489a7ff5340d", p.scalelabCommit());
        assertEquals(Boolean.TRUE, p.scalelabDirty());
        assertEquals("9c1f3e0b5a7d2c4e6f8091a2b3c4d5e6f7a8b9c0", p.workingDirCommit());
        assertEquals(Boolean.FALSE, p.workingDirDirty());
        assertEquals(Map.of("nd4j", "1.0.0-M2.1"), p.libraries());
        assertEquals(1, p.threads());
        assertEquals("unset", p.backendSettings().get("openblas_coretype_source"));
        assertEquals("./scalelab sweep run configs/tiny.yaml --out 'runs/my tiny' -o 'train.lr=0.01,0.001'",
                p.command());
        assertEquals(4, p.jobModels());
        assertEquals(Files.readString(DIR.resolve("v2-cpu.json")), new String(RunLogs.pretty(p), StandardCharsets.UTF_8));
    }

    @Test
    void cudaVersionTwoHasNoCpuFieldsAndWritesBackUnchanged() throws IOException {
        String text = Files.readString(DIR.resolve("v2-cuda.json"));
        Provenance p = Provenance.read(DIR.resolve("v2-cuda.json"));
        assertEquals("cuda", p.backend());
        assertNull(p.threads());
        assertNull(p.workingDirCommit(), "started outside any git work tree");
        assertEquals(Map.of("cuda_graphs", "on"), p.backendSettings());
        assertEquals("13.0", p.libraries().get("cuda_driver"));
        assertEquals(text, new String(RunLogs.pretty(p), StandardCharsets.UTF_8));
        for (String absent : new String[] {"nd4j", "openblas", "threads", "working_dir"}) {
            assertFalse(text.contains(absent), absent);
        }
    }

    @Test
    void versionOneCudaRunDropsTheNd4jFactsThatWereNotItsBackends() throws IOException {
        Provenance p = Provenance.read(DIR.resolve("v1-cuda.json"));
        assertEquals(1, p.schemaVersion(), "read as version 1, not relabelled");
        assertEquals("84c6d51e0a2b7c3d9f1e5a6b8c0d2e4f6a8b0c1d", p.scalelabCommit());
        assertEquals(Boolean.TRUE, p.scalelabDirty());
        assertEquals(Map.of(), p.libraries());
        assertEquals(Map.of(), p.backendSettings());
        assertNull(p.blas());
        assertNull(p.threads());
        assertEquals(16, p.jobModels());
        assertEquals(2, p.seed());
        assertFalse(new String(RunLogs.pretty(p), StandardCharsets.UTF_8).toLowerCase().contains("nd4j"));
    }

    @Test
    void versionOneCpuRunKeepsItsNd4jFacts() throws IOException {
        Provenance p = Provenance.read(Path.of("src/test/resources/example-sweep/8a7d1399b53a/provenance.json"));
        assertEquals(BuildInfo.UNKNOWN, p.scalelabCommit());
        assertNull(p.scalelabDirty());
        assertEquals(Map.of("nd4j", "1.0.0-M2.1"), p.libraries());
        assertEquals("OpenBLAS 0.3.19 (blas.threads=1)", p.blas());
        assertEquals(1, p.threads());
        assertEquals(Map.of("openblas_coretype", "", "openblas_coretype_source", "unset"), p.backendSettings());
    }

    @Test
    void aNewerVersionIsRefused(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("provenance.json");
        Files.writeString(f, Files.readString(DIR.resolve("v2-cpu.json")).replace("\"schema_version\" : 2",
                "\"schema_version\" : 3"));
        RunLogException e = org.junit.jupiter.api.Assertions.assertThrows(RunLogException.class,
                () -> Provenance.read(f));
        assertTrue(e.getMessage().contains("schema_version 3 is newer"), e.getMessage());
    }

    @Test
    void ofTakesTheBackendsFactsAndLeavesOutWhatDoesNotApply() {
        Provenance p = Provenance.of(new BuildInfo("0.2.0", BuildInfo.UNKNOWN, null), null,
                new Provenance.Host("17", "v", "Linux", "amd64", "h"),
                BackendProvenance.basic("fake", "a test double"), "scalelab memorize");
        String json = new String(RunLogs.pretty(p), StandardCharsets.UTF_8);
        assertEquals(RunLogs.SCHEMA_VERSION, p.schemaVersion());
        assertTrue(json.contains("\"backend\" : \"fake\""), json);
        assertFalse(json.contains("scalelab_dirty") || json.contains("working_dir") || json.contains("threads")
                || json.contains("blas"), json);
    }
}
