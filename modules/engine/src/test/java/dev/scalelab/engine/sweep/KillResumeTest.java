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
import dev.scalelab.core.run.TestHold;
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
 * kill -9, then resume: a sweep of 12 tiny runs (3 shapes x 4 seeds, 3 batched jobs) runs in a child JVM that is
 * SIGKILLed ({@link Process#destroyForcibly()}), then resumed in a fresh one; each directory must then hold
 * exactly the expected run ids, each run's summary matching its config, an index with one line per run, and
 * metrics files that all parse.
 * <p>
 * The kills that must land at a given stage are placed there exactly: the child holds at a named point of the run
 * store ({@link TestHold}: after the n-th metrics line, before or after the n-th summary, in the middle of the
 * n-th index line) and is killed once it says it is there, whatever the speed of the machine. Kills after random
 * delays come on top, as an extra whose landing places are reported but never fail the build.
 */
class KillResumeTest {
    private static final String CONFIG = """
            name: kill
            parameters:
              width: {values: [2, 3, 4]}
              seed: {values: [1, 2, 3, 4]}
            task: {kind: random_regression, n: 16, d: 3, test_size: 8}
            train: {steps: 300, log_every: 1, lr: 0.01}
            """;
    /** Where the deterministic kills land; counts are per process (metrics: lines of one run). */
    private static final List<String> HOLDS = List.of("metrics:1", "metrics:150", "summary-before:1",
            "summary-after:1", "index-mid:1", "summary-before:5", "summary-after:6", "index-mid:9",
            "summary-after:12");
    private static final int RANDOM_KILLS = 4;

    @Test
    void sweepsKilledAtEachNamedPointResumeToExactlyTheExpectedRuns() throws Exception {
        Fixture f = Fixture.create();
        for (int i = 0; i < HOLDS.size(); i++) {
            String hold = HOLDS.get(i);
            Path dir = f.base().resolve("sweep-" + i);
            Path marker = f.base().resolve("held-" + i);
            Process child = ChildSweep.launch(ChildSweep.command(f.classpath(), f.config(), dir),
                    f.base().resolve("child-" + i + ".log"), Map.of(TestHold.ENV, hold + "@" + marker));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (!Files.exists(marker)) {
                assertTrue(child.isAlive(), hold + ": the child ended before its hold point; see child-" + i
                        + ".log");
                assertTrue(System.nanoTime() < deadline, hold + ": hold point not reached in 180 s");
                Thread.sleep(20);
            }
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            String heldRun = Files.readString(marker).strip().split(" ")[2];
            SweepDirectory killed = new SweepDirectory(dir);
            int complete = killed.completedRunIds().size();
            int n = Integer.parseInt(hold.split(":")[1]);
            String point = hold.split(":")[0];
            switch (point) {
                case "metrics" -> {
                    assertEquals(0, complete, hold);
                    assertEquals(n, JsonLines.read(killed.file(heldRun, SweepDirectory.METRICS), MetricLine.class)
                            .records().size(), hold + ": the held run's lines are on disk");
                }
                case "summary-before" -> {
                    assertTrue(complete >= n - 1, hold + ": " + complete + " complete");
                    assertFalse(killed.isComplete(heldRun), hold + ": the held run has no summary");
                }
                default -> {
                    assertTrue(complete >= n, hold + ": " + complete + " complete");
                    assertTrue(killed.isComplete(heldRun), hold + ": the held run's summary is in place");
                }
            }
            for (RunSummary s : killed.summaries().values()) {
                checkRun(killed, s);
            }
            Process resume = ChildSweep.launch(ChildSweep.command(f.classpath(), f.config(), dir),
                    f.base().resolve("resume-" + i + ".log"));
            assertTrue(resume.waitFor(180, TimeUnit.SECONDS));
            assertEquals(0, resume.exitValue(), hold + ": resume; see resume-" + i + ".log");
            check(new SweepDirectory(dir), f.expected());
        }
        ChildSweep.deleteRecursively(f.base());
    }

    @Test
    void sweepsKilledAtRandomMomentsResumeToExactlyTheExpectedRuns() throws Exception {
        Fixture f = Fixture.create();
        long t0 = System.nanoTime();
        Process calibrate = launch(f.classpath(), f.config(), f.base().resolve("calibration"),
                f.base().resolve("calibration.log"));
        assertTrue(calibrate.waitFor(180, TimeUnit.SECONDS));
        assertEquals(0, calibrate.exitValue(), "uninterrupted child; see calibration.log");
        long fullMs = (System.nanoTime() - t0) / 1_000_000;
        check(new SweepDirectory(f.base().resolve("calibration")), f.expected());
        Random random = new Random(20261122);
        List<Integer> completeAfterKill = new ArrayList<>();
        for (int trial = 0; trial < RANDOM_KILLS; trial++) {
            Path dir = f.base().resolve("sweep-" + trial);
            Process child = launch(f.classpath(), f.config(), dir, f.base().resolve("child-" + trial + ".log"));
            long delayMs = (long) (fullMs * (0.2 + 0.75 * random.nextDouble()));
            if (child.waitFor(delayMs, TimeUnit.MILLISECONDS)) {
                assertEquals(0, child.exitValue(), "child exit; see child-" + trial + ".log");
                completeAfterKill.add(-1);
            } else {
                child.destroyForcibly();
                assertTrue(child.waitFor(30, TimeUnit.SECONDS));
                completeAfterKill.add(new SweepDirectory(dir).completedRunIds().size());
            }
            Process finish = launch(f.classpath(), f.config(), dir, f.base().resolve("finish-" + trial + ".log"));
            assertTrue(finish.waitFor(180, TimeUnit.SECONDS));
            assertEquals(0, finish.exitValue(), "resume; see finish-" + trial + ".log");
            check(new SweepDirectory(dir), f.expected());
        }
        // Where the kills landed depends on the machine's speed and load: reported, never asserted.
        System.out.println("kill test: uninterrupted child " + fullMs + " ms; complete runs after each random kill "
                + completeAfterKill + " (-1: finished first)");
        ChildSweep.deleteRecursively(f.base());
    }

    /** A fresh directory, the config in it, its 12 run ids and a snapshot of the class path for the children. */
    private record Fixture(Path base, Path config, Set<String> expected, String classpath) {
        static Fixture create() throws Exception {
            // A fresh directory per test run: builds of the same tree may run this test at the same time.
            Files.createDirectories(Path.of("target"));
            Path base = Files.createTempDirectory(Path.of("target"), "kill-test-");
            Path config = Files.writeString(base.resolve("kill.yaml"), CONFIG);
            Set<String> expected = SweepExpander.expand(SweepConfigLoader.load(config)).stream().map(RunConfig::id)
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(12, expected.size());
            return new Fixture(base, config, expected, ChildSweep.snapshotClasspath(base.resolve("classpath")));
        }
    }

    private static void check(SweepDirectory dir, Set<String> expected) throws IOException, ConfigProblem {
        assertEquals(expected, new TreeSet<>(dir.completedRunIds()), dir.root().toString());
        Map<String, RunSummary> summaries = dir.summaries();
        for (RunSummary s : summaries.values()) {
            checkRun(dir, s);
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

    /** A complete run: done, its id its config's, 300 whole metrics lines ending at its last step. */
    private static void checkRun(SweepDirectory dir, RunSummary s) throws IOException, ConfigProblem {
        assertEquals("done", s.status());
        assertEquals(s.runId(), RunConfig.fromFlat(new TreeMap<>(s.config())).id());
        JsonLines.Read<MetricLine> m = JsonLines.read(dir.file(s.runId(), SweepDirectory.METRICS), MetricLine.class);
        assertFalse(m.truncatedTail(), "a complete run's metrics end on a whole line");
        assertEquals(300, m.records().size());
        assertEquals(s.steps(), m.records().get(m.records().size() - 1).step());
    }

    private static Process launch(String classpath, Path config, Path out, Path log) throws IOException {
        return ChildSweep.launch(ChildSweep.command(classpath, config, out), log);
    }
}
