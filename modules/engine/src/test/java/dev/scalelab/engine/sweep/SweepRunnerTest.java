package dev.scalelab.engine.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.core.UserInputException;
import dev.scalelab.core.config.Overrides;
import dev.scalelab.core.config.RunConfig;
import dev.scalelab.core.config.SweepConfig;
import dev.scalelab.core.config.SweepConfigLoader;
import dev.scalelab.core.config.SweepExpander;
import dev.scalelab.core.run.DirectoryLock;
import dev.scalelab.core.run.IndexEntry;
import dev.scalelab.core.run.JsonLines;
import dev.scalelab.core.run.MetricLine;
import dev.scalelab.core.run.Provenance;
import dev.scalelab.core.run.RunLogs;
import dev.scalelab.core.run.RunSummary;
import dev.scalelab.core.run.SweepDirectory;
import dev.scalelab.core.task.TaskFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepRunnerTest {
    static final String TINY = """
            name: tiny
            parameters:
              width: {values: [3, 5]}
              seed: {values: [1, 2, 3]}
            task: {kind: random_regression, n: 16, d: 3, test_size: 8}
            train: {steps: 30, log_every: 10, lr: 0.01}
            """;

    private static SweepResult run(Path out, SweepConfig config, TaskFactory tasks, int workers) throws IOException {
        return new SweepRunner(new SweepRunner.Options(out, workers, 0, SweepRunner.DEFAULT_MAX_MODELS, false,
                workers > 1, "test"), SweepListener.NONE, tasks).run(SweepPlan.of(config, List.of()));
    }

    private static SweepConfig tiny(String... overrides) {
        return Overrides.apply(SweepConfigLoader.parse(TINY, "tiny.yaml"), List.of(overrides));
    }

    @Test
    void runsWritesTheLayoutAndResumesBySkipping(@TempDir Path out) throws IOException {
        SweepResult first = run(out, tiny(), TaskFactory.withDefaultDataDir(), 2);
        assertEquals(6, first.total());
        assertEquals(2, first.jobs()); // two widths; the three seeds of each are batched
        assertEquals(6, first.count("done"));
        assertEquals(0, first.exitCode());
        SweepDirectory dir = new SweepDirectory(out);
        for (RunConfig r : SweepExpander.expand(tiny())) {
            String id = r.id();
            assertTrue(dir.isComplete(id));
            RunSummary s = dir.readSummary(id);
            assertEquals(r.mlpSpec().parameterCount(), s.params());
            assertEquals(30 * 16, s.samples());
            assertEquals(6.0 * s.params() * s.samples(), s.flops());
            List<MetricLine> m = JsonLines.read(dir.file(id, SweepDirectory.METRICS), MetricLine.class).records();
            assertEquals(List.of(10L, 20L, 30L), m.stream().map(MetricLine::step).toList());
            assertEquals(s.finalTestLoss(), m.get(2).testLoss());
            Provenance p = Provenance.read(dir.file(id, SweepDirectory.PROVENANCE));
            assertEquals(3, p.jobModels());
            assertEquals(RunLogs.SCHEMA_VERSION, p.schemaVersion());
            assertTrue(p.ended() != null && p.scalelabCommit() != null);
            assertEquals("nd4j-cpu", p.backend());
            assertTrue(p.libraries().containsKey("nd4j") && p.threads() != null && p.blas().startsWith("OpenBLAS")
                    && p.backendSettings().containsKey("openblas_coretype_source"), p.toString());
            assertTrue(Files.readString(dir.file(id, SweepDirectory.CONFIG)).contains("width: " + r.model().width()));
        }
        SweepResult second = run(out, tiny(), TaskFactory.withDefaultDataDir(), 1);
        assertEquals(6, second.skipped());
        assertEquals(0, second.ran());
        // A bigger sweep into the same directory runs only what is new.
        SweepResult third = run(out, tiny("seed=1,2,3,4"), TaskFactory.withDefaultDataDir(), 1);
        assertEquals(6, third.skipped());
        assertEquals(2, third.ran());
        List<IndexEntry> index = dir.readIndex().records();
        assertEquals(8, index.size());
        assertEquals(8, index.stream().map(IndexEntry::runId).distinct().count());
        assertEquals(Map.of("done", 8, "diverged", 0, "failed", 0, "pending", 0),
                dir.statusCounts(dir.manifest().runIds()));
        // A seed-4 run that never finished, then a sweep that asks only for seeds 1-3: that run is no longer
        // pending (nobody asks for it now) but dropped; the union of ids still lists it.
        Set<String> seedsOneToThree = SweepExpander.expand(tiny()).stream().map(RunConfig::id)
                .collect(Collectors.toSet());
        String seedFour = dir.completedRunIds().stream().filter(id -> !seedsOneToThree.contains(id)).findFirst()
                .orElseThrow();
        Files.delete(dir.file(seedFour, SweepDirectory.SUMMARY));
        SweepResult fourth = run(out, tiny(), TaskFactory.withDefaultDataDir(), 1);
        assertEquals(0, fourth.ran());
        assertEquals(Set.copyOf(seedsOneToThree), Set.copyOf(dir.manifest().latestRunIds()));
        assertEquals(8, dir.manifest().runIds().size());
        assertEquals(Map.of("done", 7, "diverged", 0, "failed", 0, "pending", 0, SweepDirectory.DROPPED, 1),
                dir.statusCounts(dir.manifest().runIds(), dir.manifest().latestRunIds()));
        assertEquals(Map.of("done", 7, "diverged", 0, "failed", 0, "pending", 1),
                dir.statusCounts(dir.manifest().runIds()), "without the latest ids every unfinished run is pending");
    }

    @Test
    void aFailingJobMarksItsRunsFailedAndTheSweepGoesOn(@TempDir Path out) throws IOException {
        // Width 7's tensors are refused by the backend: its job fails (alone, after splitting), width 3's trains.
        SweepConfig mixed = tiny("width=3,7", "seed=1,2");
        BackendFactory refusesWidth7 = MemoryLimitedBackend.factory((models, rows, cols) -> cols == 7);
        SweepResult r = new SweepRunner(new SweepRunner.Options(out, 1, 0, 256, false, false, "test"),
                SweepListener.NONE, TaskFactory.withDefaultDataDir(), refusesWidth7).run(SweepPlan.of(mixed,
                List.of()));
        assertEquals(4, r.total());
        assertEquals(2, r.count("done"));
        assertEquals(2, r.count("failed"));
        assertEquals(1, r.exitCode());
        assertEquals(2, r.failures().size());
        assertTrue(r.failures().get(0).contains("OutOfDeviceMemoryException"), r.failures().get(0));
        SweepDirectory dir = new SweepDirectory(out);
        assertEquals(2, dir.summaries().values().stream().filter(s -> s.status().equals("failed")).count());
        // Failed runs count as complete; --retry-failed runs them again (and the index keeps one line per run).
        SweepResult again = run(out, mixed, TaskFactory.withDefaultDataDir(), 1);
        assertEquals(0, again.ran());
        assertEquals(1, again.exitCode());
        SweepResult retried = new SweepRunner(new SweepRunner.Options(out, 1, 0, 256, true, false, "test"),
                SweepListener.NONE, TaskFactory.withDefaultDataDir()).run(SweepPlan.of(mixed, List.of()));
        assertEquals(2, retried.ran());
        assertEquals(0, retried.exitCode());
        assertEquals(4, dir.readIndex().records().stream().map(IndexEntry::runId).distinct().count());
        assertEquals(4, dir.readIndex().records().size());
    }

    /**
     * A job that cannot start for a reason the user must fix (here: its data set is not installed) is not a
     * failed run: its runs stay pending with the reason, the sweep goes on, and once fixed a plain rerun (no
     * --retry-failed) runs them.
     */
    @Test
    void aJobWithASettingToFixLeavesItsRunsPendingAndTheSweepGoesOn(@TempDir Path out, @TempDir Path noData)
            throws IOException {
        String text = TINY + "\n";
        SweepConfig mixed = Overrides.apply(SweepConfigLoader.parse(text, "tiny.yaml"),
                List.of("task=random_regression,fashion_mnist", "width=3", "seed=1,2"));
        SweepResult r = run(out, mixed, new TaskFactory(noData), 1);
        assertEquals(4, r.total());
        assertEquals(2, r.count("done"));
        assertEquals(0, r.count("failed"));
        assertEquals(2, r.count("pending"));
        assertEquals(1, r.exitCode());
        assertEquals(2, r.failures().size());
        assertTrue(r.failures().get(0).contains("not run, left pending: Fashion-MNIST file not found"),
                r.failures().get(0));
        SweepDirectory dir = new SweepDirectory(out);
        assertEquals(2, dir.completedRunIds().size(), "no summary recorded for a setting to fix");
        SweepResult again = run(out, mixed, new TaskFactory(noData), 1);
        assertEquals(2, again.ran(), "tried again without --retry-failed");
        assertEquals(2, again.count("pending"));
    }

    @Test
    void aDivergedModelIsRecordedWithItsStepWhileItsBatchMatesFinish(@TempDir Path out) throws IOException {
        SweepConfig c = tiny("optimizer=sgd", "lr=0.01,1000", "width=5", "seed=1");
        SweepResult r = run(out, c, TaskFactory.withDefaultDataDir(), 1);
        assertEquals(1, r.jobs()); // learning rates batch into one job
        assertEquals(1, r.count("diverged"));
        assertEquals(1, r.count("done"));
        assertEquals(0, r.exitCode()); // diverged is a result, not a failure
        for (RunSummary s : new SweepDirectory(out).summaries().values()) {
            if (s.status().equals("diverged")) {
                assertTrue(s.divergedAtStep() != null && s.divergedAtStep() > 0);
                assertNull(s.finalTrainLoss());
                assertEquals(s.divergedAtStep(), (Long) s.steps());
            } else {
                assertEquals(30, s.steps());
                assertNull(s.divergedAtStep());
            }
        }
    }

    @Test
    void aLockedDirectoryIsRefusedNamingTheHolder(@TempDir Path out) throws IOException {
        try (DirectoryLock held = DirectoryLock.acquire(out)) {
            UserInputException e = assertThrows(UserInputException.class,
                    () -> run(out, tiny(), TaskFactory.withDefaultDataDir(), 1));
            assertTrue(e.getMessage().contains("is in use by process " + DirectoryLock.self()), e.getMessage());
        }
        assertFalse(new SweepDirectory(out).isComplete(SweepExpander.expand(tiny()).get(0).id()));
    }

    @Test
    void jobsGroupByShapeAndSplitEvenly() {
        List<RunConfig> runs = SweepExpander.expand(tiny("lr=0.1,0.01", "init_scale=0.5,1", "data_seed=1,2"));
        assertEquals(2 * 3 * 2 * 2 * 2, runs.size());
        List<RunJob> jobs = JobPlanner.plan(runs, 256);
        assertEquals(2, jobs.size());
        assertEquals(24, jobs.get(0).runs().size());
        List<RunJob> capped = JobPlanner.plan(runs, 10);
        assertEquals(6, capped.size()); // 24 per shape split into 8 + 8 + 8
        assertTrue(capped.stream().allMatch(j -> j.runs().size() == 8));
    }
}
