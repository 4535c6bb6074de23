package dev.scalelab.engine.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.core.config.ConfigProblem;
import dev.scalelab.core.config.RunConfig;
import dev.scalelab.core.config.SweepConfigLoader;
import dev.scalelab.core.config.SweepExpander;
import dev.scalelab.core.run.IndexEntry;
import dev.scalelab.core.run.JsonLines;
import dev.scalelab.core.run.MetricLine;
import dev.scalelab.core.run.RunSummary;
import dev.scalelab.core.run.SweepDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * kill -9 at random moments, then resume: a sweep of 12 tiny runs (3 shapes x 4 seeds) runs in a child JVM that
 * is SIGKILLed ({@link Process#destroyForcibly()}) after a random delay, over and over, cycling through fresh
 * sweep directories whenever one completes; finally every directory is resumed to completion. The delays are
 * drawn between 15% and 95% of the time an uninterrupted child takes on this machine (measured first, and
 * shrunk whenever a child finishes before its kill: timings drift on a shared machine; the 15% moves later while
 * too few kills land mid-sweep, since start-up can fill most of a child's time under load), so the kills land at
 * every stage: JVM start-up, mid-job, between jobs, while summaries are being committed. Each must then
 * hold exactly the expected run ids, each run's summary matching its config, an index with one line per run,
 * and metrics files that all parse.
 */
class KillResumeTest {
    /** SIGKILLs to land; launches go on (at most MAX_LAUNCHES) until they have. */
    private static final int KILLS = 24;
    private static final int MAX_LAUNCHES = 100;
    /** Of those, kills that must land with part of the sweep complete (after its first run, before its last). */
    private static final int MIDWAY = 3;
    private static final String CONFIG = """
            name: kill
            parameters:
              width: {values: [2, 3, 4]}
              seed: {values: [1, 2, 3, 4]}
            task: {kind: random_regression, n: 16, d: 3, test_size: 8}
            train: {steps: 300, log_every: 1, lr: 0.01}
            """;

    @Test
    void killedSweepsResumeToExactlyTheExpectedRuns() throws Exception {
        // A fresh directory per test run: builds of the same tree may run this test at the same time.
        Files.createDirectories(Path.of("target"));
        Path base = Files.createTempDirectory(Path.of("target"), "kill-test-");
        Path config = base.resolve("kill.yaml");
        Files.writeString(config, CONFIG);
        Set<String> expected = SweepExpander.expand(SweepConfigLoader.load(config)).stream().map(RunConfig::id)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(12, expected.size());

        String classpath = ChildSweep.snapshotClasspath(base.resolve("classpath"));
        long t0 = System.nanoTime();
        Process calibrate = launch(classpath, config, base.resolve("calibration"), base.resolve("calibration.log"));
        assertTrue(calibrate.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, calibrate.exitValue(), "uninterrupted child; see calibration.log");
        long fullMs = (System.nanoTime() - t0) / 1_000_000;
        check(new SweepDirectory(base.resolve("calibration")), expected);
        Random random = new Random(20261122);
        List<Path> dirs = new ArrayList<>();
        Path current = base.resolve("sweep-0");
        dirs.add(current);
        int killed = 0;
        int midway = 0;
        List<Integer> completeAfterKill = new ArrayList<>();
        double scaleMs = fullMs;
        int launches = 0;
        double earliest = 0.15;
        for (int trial = 0; (killed < KILLS || midway < MIDWAY) && trial < MAX_LAUNCHES; trial++) {
            launches++;
            Process child = launch(classpath, config, current, base.resolve("child-" + trial + ".log"));
            long delayMs = (long) (scaleMs * (earliest + (0.95 - earliest) * random.nextDouble()));
            if (child.waitFor(delayMs, TimeUnit.MILLISECONDS)) {
                assertEquals(0, child.exitValue(), "child exit; see " + base.resolve("child-" + trial + ".log"));
                current = base.resolve("sweep-" + dirs.size());
                dirs.add(current);
                scaleMs *= 0.85;
            } else {
                child.destroyForcibly();
                assertTrue(child.waitFor(30, TimeUnit.SECONDS));
                killed++;
                int complete = new SweepDirectory(current).completedRunIds().size();
                completeAfterKill.add(complete);
                if (complete > 0 && complete < expected.size()) {
                    midway++;
                } else if (complete == 0 && midway < MIDWAY) {
                    // On a loaded machine JVM start-up can fill most of a child's time: aim later.
                    earliest = Math.min(0.85, earliest + 0.05);
                }
            }
        }
        System.out.println("kill test: uninterrupted child " + fullMs + " ms; " + launches + " launches, " + killed
                + " SIGKILLs, " + midway
                + " with part of the sweep complete; complete runs after each kill " + completeAfterKill + "; "
                + dirs.size() + " sweep directories");
        assertTrue(killed >= 20, "only " + killed + " of " + launches + " launches were killed mid-run");
        assertTrue(midway >= MIDWAY, "too few kills landed between the first and the last run");
        for (Path dir : dirs) {
            Process finish = launch(classpath, config, dir, base.resolve("finish-" + dir.getFileName() + ".log"));
            assertTrue(finish.waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, finish.exitValue());
            check(new SweepDirectory(dir), expected);
        }
        ChildSweep.deleteRecursively(base);
    }

    private static void check(SweepDirectory dir, Set<String> expected) throws IOException, ConfigProblem {
        assertEquals(expected, new TreeSet<>(dir.completedRunIds()), dir.root().toString());
        Map<String, RunSummary> summaries = dir.summaries();
        for (RunSummary s : summaries.values()) {
            assertEquals("done", s.status());
            assertEquals(s.runId(), RunConfig.fromFlat(new TreeMap<>(s.config())).id());
            JsonLines.Read<MetricLine> m = JsonLines.read(dir.file(s.runId(), SweepDirectory.METRICS),
                    MetricLine.class);
            assertFalse(m.truncatedTail(), "a complete run's metrics end on a whole line");
            assertEquals(300, m.records().size());
            assertEquals(s.steps(), m.records().get(m.records().size() - 1).step());
        }
        List<IndexEntry> index = dir.readIndex().records();
        assertEquals(expected.size(), index.size(), "one index line per run, no duplicates");
        assertEquals(expected, index.stream().map(IndexEntry::runId).collect(Collectors.toCollection(TreeSet::new)));
        // Every run directory, even of runs killed and redone, holds parseable metrics.
        try (var runs = Files.list(dir.root())) {
            for (Path run : runs.filter(Files::isDirectory).toList()) {
                JsonLines.read(run.resolve(SweepDirectory.METRICS), MetricLine.class);
            }
        }
    }

    private static Process launch(String classpath, Path config, Path out, Path log) throws IOException {
        return ChildSweep.launch(ChildSweep.command(classpath, config, out), log);
    }
}
