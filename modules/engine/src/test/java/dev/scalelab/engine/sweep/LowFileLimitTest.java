package dev.scalelab.engine.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.scalelab.core.run.JsonLines;
import dev.scalelab.core.run.MetricLine;
import dev.scalelab.core.run.RunScan;
import dev.scalelab.core.run.RunSummary;
import dev.scalelab.core.run.SweepDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A sweep of more runs than its open-file limit loses nothing: 600 tiny runs (jobs of up to 256 batched models, two
 * workers) in a child JVM started under {@code ulimit -n 256}. Before the run store buffered metrics, every run of a
 * job held its metrics.jsonl open until the committer caught up, and such a sweep failed runs with "Too many open
 * files".
 */
class LowFileLimitTest {
    private static final int SEEDS = 300;
    private static final int LIMIT = 256;

    @Test
    void aSweepOfMoreRunsThanOpenFilesCompletesEveryRun() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "needs bash for ulimit");
        Files.createDirectories(Path.of("target"));
        Path base = Files.createTempDirectory(Path.of("target"), "ulimit-test-");
        Path config = base.resolve("many.yaml");
        String seeds = IntStream.rangeClosed(1, SEEDS).mapToObj(Integer::toString).collect(Collectors.joining(", "));
        Files.writeString(config, """
                name: many
                parameters:
                  width: {values: [2, 3]}
                  seed: {values: [%s]}
                task: {kind: random_regression, n: 8, d: 2, test_size: 4}
                train: {steps: 6, log_every: 1, lr: 0.01}
                """.formatted(seeds));
        Path out = base.resolve("out");
        String classpath = ChildSweep.snapshotClasspath(base.resolve("classpath"));
        List<String> java = ChildSweep.command(classpath, config, out, "--workers", "2");
        String quoted = java.stream().map(a -> "'" + a.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
        Path log = base.resolve("child.log");
        Process child = ChildSweep.launch(List.of("/bin/bash", "-c", "ulimit -n " + LIMIT + " && exec " + quoted), log);
        assertEquals(true, child.waitFor(300, TimeUnit.SECONDS), "child did not finish; see " + log);
        assertEquals(0, child.exitValue(), Files.readString(log));

        RunScan scan = RunScan.of(out);
        assertEquals(2 * SEEDS, scan.complete().size(), Files.readString(log));
        assertEquals(List.of(), scan.unreadable());
        assertEquals(List.of(), scan.incomplete());
        List<String> notDone = new ArrayList<>();
        for (RunSummary s : scan.complete().values()) {
            if (!RunSummary.DONE.equals(s.status())) {
                notDone.add(s.runId() + ": " + s.status() + " " + s.error());
            }
            JsonLines.Read<MetricLine> m = JsonLines.read(scan.dir(s.runId()).resolve(SweepDirectory.METRICS),
                    MetricLine.class);
            assertFalse(m.truncatedTail());
            assertEquals(6, m.records().size(), s.runId());
        }
        assertEquals(List.of(), notDone);
        assertEquals(2 * SEEDS, new SweepDirectory(out).readIndex().records().size());
        ChildSweep.deleteRecursively(base);
    }
}
