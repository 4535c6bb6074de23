package dev.scalelab.cli.sweep;

import dev.scalelab.cli.CliRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.core.run.RunSummary;
import dev.scalelab.core.run.SweepDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shards run on two machines without a shared file system (two directories), merged: the same runs and results
 * as one directory; merging again copies nothing; a run whose config differs, or another sweep, is refused.
 */
class SweepMergeCommandTest {
    private static final String CONFIG = """
            name: merge
            parameters:
              width: {values: [3, 5, 8]}
              seed: {values: [1, 2]}
            task: {kind: random_regression, n: 16, d: 3, test_size: 8}
            train: {steps: 20, log_every: 10}
            """;

    @Test
    void mergesShardsFromSeparateMachinesOnceEach(@TempDir Path tmp) throws IOException {
        Path config = tmp.resolve("merge.yaml");
        Files.writeString(config, CONFIG);
        Path a = tmp.resolve("machine-a");
        Path b = tmp.resolve("machine-b");
        Path whole = tmp.resolve("whole");
        assertEquals(0, CliRun.of("sweep", "run", config.toString(), "--out", a.toString(), "--shard", "0/2").code());
        assertEquals(0, CliRun.of("sweep", "run", config.toString(), "--out", b.toString(), "--shard", "1/2").code());
        assertEquals(0, CliRun.of("sweep", "run", config.toString(), "--out", whole.toString()).code());
        Path merged = tmp.resolve("merged");
        CliRun r = CliRun.of("sweep", "merge", a.toString(), b.toString(), "--into", merged.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("merged into " + merged + ": 6 runs copied, 0 already there"), r.out());

        Map<String, RunSummary> expected = new SweepDirectory(whole).summaries();
        Map<String, RunSummary> actual = new SweepDirectory(merged).summaries();
        assertEquals(expected.keySet(), actual.keySet());
        for (String id : expected.keySet()) {
            assertEquals(expected.get(id).finalTestLoss(), actual.get(id).finalTestLoss(), id);
            assertEquals(expected.get(id).steps(), actual.get(id).steps(), id);
            for (String f : new String[] {SweepDirectory.CONFIG, SweepDirectory.METRICS, SweepDirectory.PROVENANCE}) {
                assertTrue(Files.isRegularFile(merged.resolve(id).resolve(f)), id + "/" + f);
            }
        }
        assertEquals(expected.keySet(), new SweepDirectory(merged).indexEntries().keySet());
        CliRun status = CliRun.of("sweep", "status", merged.toString());
        assertTrue(status.out().contains("6 runs: 6 done, 0 diverged, 0 failed, 0 pending"), status.out());

        CliRun again = CliRun.of("sweep", "merge", a.toString(), whole.toString(), "--into", merged.toString());
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().startsWith("merged into " + merged + ": 0 runs copied, 6 already there"), again.out());

        // The same run id with another resolved config: refused, nothing written.
        String id = expected.keySet().iterator().next();
        Path odd = tmp.resolve("odd");
        assertEquals(0, CliRun.of("sweep", "run", config.toString(), "--out", odd.toString()).code());
        Path oddConfig = odd.resolve(id).resolve(SweepDirectory.CONFIG);
        Files.writeString(oddConfig, Files.readString(oddConfig) + "# resolved differently\n");
        Path fresh = tmp.resolve("fresh");
        CliRun refused = CliRun.of("sweep", "merge", a.toString(), b.toString(), odd.toString(), "--into",
                fresh.toString());
        assertEquals(2, refused.code());
        assertTrue(refused.err().startsWith("error: " + oddConfig + ": run " + id + " has another config than "),
                refused.err());
        assertEquals(1, refused.err().lines().count());
        assertFalse(Files.exists(fresh), "nothing merged");

        Files.writeString(tmp.resolve("other.yaml"), CONFIG.replace("name: merge", "name: other"));
        Path otherDir = tmp.resolve("other-sweep");
        assertEquals(0, CliRun.of("sweep", "run", tmp.resolve("other.yaml").toString(), "--out", otherDir.toString(), "-o",
                "width=3").code());
        CliRun otherSweep = CliRun.of("sweep", "merge", a.toString(), otherDir.toString(), "--into", fresh.toString());
        assertEquals(2, otherSweep.code());
        assertEquals("error: " + otherDir + ": sweep other differs from " + a + "'s sweep merge (sweep.json); merge "
                + "runs of one sweep only", otherSweep.err().strip());
    }
}
