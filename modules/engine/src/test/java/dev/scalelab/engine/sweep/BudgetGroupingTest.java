package dev.scalelab.engine.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.core.config.RunConfig;
import dev.scalelab.core.config.SweepConfig;
import dev.scalelab.core.config.SweepConfigLoader;
import dev.scalelab.core.config.SweepExpander;
import dev.scalelab.core.run.JsonLines;
import dev.scalelab.core.run.MetricLine;
import dev.scalelab.core.run.RunSummary;
import dev.scalelab.core.run.SweepDirectory;
import dev.scalelab.core.task.TaskFactory;
import dev.scalelab.engine.reference.ReferenceBackend;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs that differ only in step budget, target loss and log interval (besides seed) train as one job, and each
 * model of it ends exactly as it would alone: at its own budget, at its own target, logging at its own interval,
 * on a cosine schedule over its own budget. Compared exactly (FP64 reference backend) with every run trained as
 * a job of its own: every metric line and every summary field but the wall time.
 */
class BudgetGroupingTest {
    private static final String GRID = """
            name: budgets
            parameters:
              steps: {values: [4, 9, 13]}
              target_loss: {values: [0, 0.6]}
              log_every: {values: [2, 5]}
              seed: {values: [1, 2]}
            task: {kind: teacher_student, n: 24, d: 3, teacher_width: 4, test_size: 6}
            model: {width: 5}
            train: {batch_size: 6, lr: 0.05, optimizer: adam, lr_schedule: cosine, record_norms: 1}
            """;

    private static SweepResult run(Path out, int maxModels) throws IOException {
        SweepConfig config = SweepConfigLoader.parse(GRID, "budgets.yaml");
        return new SweepRunner(new SweepRunner.Options(out, 1, 0, maxModels, false, false, "test"), SweepListener.NONE,
                TaskFactory.withDefaultDataDir(), (name, precision) -> new ReferenceBackend())
                .run(SweepPlan.of(config, List.of()));
    }

    @Test
    void runsDifferingInBudgetTargetAndLogIntervalShareOneJob() {
        List<RunConfig> runs = SweepExpander.expand(SweepConfigLoader.parse(GRID, "budgets.yaml"));
        List<RunJob> jobs = JobPlanner.plan(runs, SweepRunner.DEFAULT_MAX_MODELS);
        assertEquals(1, jobs.size());
        assertEquals(24, jobs.get(0).runs().size());
        assertEquals(13, jobs.get(0).steps());
    }

    @Test
    void theComputeGridTrainsAsFiveJobsOfTenModelsOnePerWidth() {
        List<RunConfig> runs = SweepExpander.expand(SweepConfigLoader.load(Path.of("../../configs/compute-grid.yaml")));
        List<RunJob> jobs = JobPlanner.plan(runs, SweepRunner.DEFAULT_MAX_MODELS);
        assertEquals(5, jobs.size());
        for (RunJob job : jobs) {
            assertEquals(10, job.runs().size());
            assertEquals(1, job.runs().stream().map(r -> r.model().width()).distinct().count());
            assertEquals(List.of(100, 200, 400, 800, 1600), job.settings().stream()
                    .map(s -> s.maxSteps()).distinct().sorted().toList());
        }
    }

    @Test
    void aGroupedJobEqualsSeparateJobsExactly(@TempDir Path grouped, @TempDir Path separate) throws IOException {
        assertEquals(1, run(grouped, SweepRunner.DEFAULT_MAX_MODELS).jobs());
        assertEquals(24, run(separate, 1).jobs());
        SweepDirectory want = new SweepDirectory(separate);
        SweepDirectory got = new SweepDirectory(grouped);
        Map<String, RunSummary> wantSummaries = want.summaries();
        Map<String, RunSummary> gotSummaries = got.summaries();
        assertEquals(24, wantSummaries.size());
        assertEquals(wantSummaries.keySet(), gotSummaries.keySet());
        int reached = 0;
        int exhausted = 0;
        for (String id : wantSummaries.keySet()) {
            RunSummary w = wantSummaries.get(id);
            RunSummary g = gotSummaries.get(id);
            assertEquals(withoutWall(w), withoutWall(g), id);
            List<MetricLine> wantLines = lines(want, id);
            List<MetricLine> gotLines = lines(got, id);
            assertEquals(wantLines, gotLines, id);

            int steps = ((Number) g.config().get("train.steps")).intValue();
            int logEvery = ((Number) g.config().get("train.log_every")).intValue();
            assertEquals(RunSummary.DONE, g.status(), id);
            if (g.reachedTarget()) {
                reached++;
                assertTrue(g.steps() <= steps, id);
            } else {
                exhausted++;
                assertEquals(steps, g.steps(), id + ": stops at its own budget");
            }
            for (MetricLine line : gotLines) {
                assertTrue(line.step() % logEvery == 0 || line.step() == g.steps(),
                        id + ": logs every " + logEvery + " steps and at its end, not at " + line.step());
            }
            assertEquals(g.steps() / logEvery + (g.steps() % logEvery == 0 ? 0 : 1), gotLines.size(), id);
        }
        // Both ways of ending occur, some model part-way through a longer budget.
        assertTrue(reached > 0 && exhausted > 0, reached + " reached the target, " + exhausted + " used the budget");
        assertTrue(gotSummaries.values().stream().anyMatch(s -> s.reachedTarget()
                && s.steps() < ((Number) s.config().get("train.steps")).intValue()), "a target reached part-way");
    }

    private static RunSummary withoutWall(RunSummary s) {
        return new RunSummary(s.schemaVersion(), s.runId(), s.status(), s.params(), s.samples(), s.flops(), s.steps(),
                s.finalTrainLoss(), s.finalTestLoss(), s.bestTrainLoss(), s.bestTestLoss(), s.finalTestAccuracy(),
                s.reachedTarget(), s.divergedAtStep(), s.error(), 0, s.config(), s.metrics());
    }

    private static List<MetricLine> lines(SweepDirectory dir, String id) throws IOException {
        return JsonLines.read(dir.file(id, SweepDirectory.METRICS), MetricLine.class).records().stream()
                .map(m -> new MetricLine(m.step(), m.samples(), m.flops(), 0, m.trainLoss(), m.testLoss(),
                        m.testAccuracy()))
                .toList();
    }
}
