package dev.scalelab.engine.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.core.config.Overrides;
import dev.scalelab.core.config.RunConfig;
import dev.scalelab.core.config.SweepConfig;
import dev.scalelab.core.config.SweepConfigLoader;
import dev.scalelab.core.config.SweepExpander;
import dev.scalelab.core.task.TaskFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemoryBudgetTest {
    private static final String TINY = """
            parameters:
              seed: {values: [1, 2]}
            task: {kind: random_regression, n: 16, d: 3, test_size: 8}
            model: {width: 5}
            train: {steps: 20, log_every: 10, lr: 0.01}
            """;

    private static SweepConfig tiny(String... overrides) {
        return Overrides.apply(SweepConfigLoader.parse(TINY, "tiny.yaml"), List.of(overrides));
    }

    @Test
    void perModelEstimateCountsParametersOptimizerStateAndBuffers() {
        RunConfig run = SweepExpander.expand(tiny()).get(0);
        // 3 -> 5 -> 1: 26 parameters x 5 (weights, gradients, two Adam moments, learning rates), plus
        // (16 batch + 8 test rows) x (3 in + 3 x 1 out + 3 x 5 hidden).
        assertEquals(4 * (5 * 26 + 24 * 21), new MemoryBudget(0, 4).bytesPerModel(run));
        // Test sets beyond one evaluation chunk of 2048 rows: a buffer for full chunks and one for the rest.
        RunConfig big = SweepExpander.expand(tiny("test_size=5000")).get(0);
        assertEquals(4 * (5 * 26 + (16 + 2048 + 904) * 21), new MemoryBudget(0, 4).bytesPerModel(big));
        // BF16 product copies (2 bytes each): the 26 parameters, 16 batch rows x (3 in + 2 x 5 hidden + 1 out) of a
        // training step, 8 test rows x (3 in + 5 hidden) of an evaluation.
        assertEquals(4 * (5 * 26 + 24 * 21) + 2 * (26 + 16 * 14 + 8 * 8), new MemoryBudget(0, 4, 2).bytesPerModel(run));
        assertEquals(new MemoryBudget(0, 4).bytesPerModel(run), new MemoryBudget(0, 4, 0).bytesPerModel(run));
    }

    /** The estimate against what the training loop really allocates, counted on the ND4J backend (Adam). */
    @Test
    void perModelEstimateEqualsWhatTheLoopAllocates(@TempDir Path out) throws IOException {
        for (String[] variant : List.of(new String[] {}, new String[] {"depth=3", "width=7", "test_size=0"},
                new String[] {"task=random_classes", "batch_size=4", "test_size=3000", "steps=2", "log_every=1"})) {
            AtomicLong elements = new AtomicLong();
            SweepConfig c = tiny(variant);
            new SweepRunner(new SweepRunner.Options(out.resolve(String.join("-", variant) + "x"), 1, 0, 256, false,
                    false, "test"), SweepListener.NONE, TaskFactory.withDefaultDataDir(),
                    MemoryLimitedBackend.factory((models, rows, cols) -> {
                        elements.addAndGet((long) models * rows * cols);
                        return false;
                    })).run(SweepPlan.of(c, List.of()));
            RunConfig run = SweepExpander.expand(c).get(0);
            assertEquals(new MemoryBudget(0, 8).bytesPerModel(run), 8 * elements.get() / 2, List.of(variant)
                    .toString());
        }
    }

    @Test
    void aJobGetsItsShareOfFreeMemoryLessTheBackendsOverhead() {
        assertEquals((long) (0.9 * (1L << 30) / 2) - (64L << 20), MemoryBudget.of(1L << 30, 2, 4).bytesPerJob());
        RunConfig run = SweepExpander.expand(tiny()).get(0);
        assertEquals(1, MemoryBudget.of(10L << 20, 1, 4).maxModels(run)); // nothing fits: one run per job, fails alone
        assertEquals(Integer.MAX_VALUE, MemoryBudget.UNLIMITED.maxModels(run));
        long perModel = new MemoryBudget(0, 4).bytesPerModel(run);
        assertEquals(3, new MemoryBudget(3 * perModel + perModel / 2, 4).maxModels(run));
    }

    @Test
    void thePlannerCapsJobsByTheBudgetAndSaysSo() {
        List<RunConfig> runs = SweepExpander.expand(tiny("seed=1,2,3,4,5,6,7,8", "width=5,9"));
        RunConfig width5 = runs.get(0);
        long perModel = new MemoryBudget(0, 4).bytesPerModel(width5);
        List<String> notes = new ArrayList<>();
        List<RunJob> jobs = JobPlanner.plan(runs, 256, new MemoryBudget(4 * perModel, 4), notes::add);
        // width 5: 4 per job; width 9 is bigger: fewer per job.
        assertEquals(List.of(4, 4), jobs.stream().filter(j -> j.runs().get(0).model().width() == 5)
                .map(j -> j.runs().size()).toList());
        assertTrue(jobs.stream().filter(j -> j.runs().get(0).model().width() == 9)
                .allMatch(j -> j.runs().size() < 4));
        assertEquals(2, notes.size());
        assertTrue(notes.get(0).startsWith("width 5, depth 1, batch 16: about 4 models fit in device memory per "
                + "job (estimate: "), notes.get(0));
        assertTrue(notes.get(0).endsWith("; 8 runs in 2 jobs"), notes.get(0));
        // --max-models below what fits: no note.
        notes.clear();
        assertEquals(8, JobPlanner.plan(runs, 2, new MemoryBudget(4 * perModel, 4), notes::add).size());
        assertEquals(List.of(), notes);
    }

    @Test
    void aJobSplitsIntoEvenConsecutiveParts() {
        RunJob job = JobPlanner.plan(SweepExpander.expand(tiny("seed=1,2,3,4,5")), 256).get(0);
        List<RunJob> halves = job.split(2);
        assertEquals(List.of(2, 3), halves.stream().map(j -> j.runs().size()).toList());
        assertEquals(job.runs(), halves.stream().flatMap(j -> j.runs().stream()).toList());
        assertEquals(job.shapeKey(), halves.get(1).shapeKey());
    }
}
