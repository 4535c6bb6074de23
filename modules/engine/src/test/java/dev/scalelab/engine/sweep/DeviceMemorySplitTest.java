package dev.scalelab.engine.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.core.config.Overrides;
import dev.scalelab.core.config.RunConfig;
import dev.scalelab.core.config.SweepConfig;
import dev.scalelab.core.config.SweepConfigLoader;
import dev.scalelab.core.config.SweepExpander;
import dev.scalelab.core.run.JsonLines;
import dev.scalelab.core.run.MetricLine;
import dev.scalelab.core.run.Provenance;
import dev.scalelab.core.run.RunLogs;
import dev.scalelab.core.run.RunSummary;
import dev.scalelab.core.run.SweepDirectory;
import dev.scalelab.core.task.TaskFactory;
import dev.scalelab.engine.compute.ForwardingBackend;
import dev.scalelab.engine.compute.Precision;
import dev.scalelab.engine.compute.Tensor;
import dev.scalelab.engine.nd4j.Nd4jBackend;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job whose K models do not fit in device memory is split in two, recursively, and said so; a single run that
 * does not fit fails alone. The device is {@link MemoryLimitedBackend}: FP64 ND4J that refuses some allocations.
 * Results are compared exactly: the split jobs hold the same runs, in the same order, as the jobs the planner
 * makes with --max-models 2, so the same deterministic arithmetic runs on the same data.
 */
class DeviceMemorySplitTest {
    private static final String EIGHT_SEEDS = """
            name: split
            parameters:
              seed: {values: [1, 2, 3, 4, 5, 6, 7, 8]}
            task: {kind: random_regression, n: 16, d: 3, test_size: 8}
            model: {width: 5}
            train: {steps: 30, log_every: 10, lr: 0.01}
            """;

    /** Records notices instead of printing them. */
    private static final class Notices implements SweepListener {
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void notice(String line) {
            lines.add(line);
        }
    }

    private static SweepConfig sweep(String... overrides) {
        return Overrides.apply(SweepConfigLoader.parse(EIGHT_SEEDS, "split.yaml"), List.of(overrides));
    }

    private static SweepResult run(Path out, SweepConfig config, int maxModels, SweepListener listener,
                                   BackendFactory backends) throws IOException {
        return new SweepRunner(new SweepRunner.Options(out, 1, 0, maxModels, false, false, "test"), listener,
                TaskFactory.withDefaultDataDir(), backends).run(SweepPlan.of(config, List.of()));
    }

    private static BackendFactory unlimited() {
        return MemoryLimitedBackend.factory((models, rows, cols) -> false);
    }

    @Test
    void aJobThatDoesNotFitIsHalvedUntilItFitsAndTrainsAsSmallerJobsWould(@TempDir Path split, @TempDir Path ref)
            throws IOException {
        Notices notices = new Notices();
        SweepResult r = run(split, sweep(), 8, notices, MemoryLimitedBackend.factory(
                MemoryLimitedBackend.Refusal.moreModelsThan(3)));
        assertEquals(1, r.jobs()); // planned as one job of 8: the backend reports no free memory to plan with
        assertEquals(Map.of("done", 8, "diverged", 0, "failed", 0, "pending", 0), r.counts());
        assertEquals(0, r.exitCode());
        assertEquals(List.of(
                "job of 8 models did not fit in device memory (960 B for a [8, 3, 5] tensor (0 B free of 1.0 GiB on "
                        + "memory-limited test backend)); splitting into 2 jobs of 4",
                "job of 4 models did not fit in device memory (480 B for a [4, 3, 5] tensor (0 B free of 1.0 GiB on "
                        + "memory-limited test backend)); splitting into 2 jobs of 2",
                "job of 4 models did not fit in device memory (480 B for a [4, 3, 5] tensor (0 B free of 1.0 GiB on "
                        + "memory-limited test backend)); splitting into 2 jobs of 2"),
                notices.lines);

        SweepResult reference = run(ref, sweep(), 2, SweepListener.NONE, unlimited());
        assertEquals(4, reference.jobs());
        assertEquals(8, reference.count("done"));
        assertSameResults(new SweepDirectory(ref), new SweepDirectory(split), 2);
    }

    /** An OutOfMemoryError of the Java heap (a -Xmx-bounded run) halves the job as device memory does. */
    @Test
    void aJobThatRunsOutOfJavaHeapIsHalvedLikeOneOutOfDeviceMemory(@TempDir Path split, @TempDir Path ref)
            throws IOException {
        BackendFactory heapOfTwoModels = (name, precision) -> new ForwardingBackend(
                new Nd4jBackend(Precision.FP64)) {
            @Override
            public Tensor allocate(int models, int rows, int cols) {
                if (models > 2) {
                    throw new OutOfMemoryError("Java heap space");
                }
                return delegate.allocate(models, rows, cols);
            }

            @Override
            public Tensor allocateContiguous(List<int[]> shapes, List<Tensor> pieces) {
                if (shapes.get(0)[0] > 2) {
                    throw new OutOfMemoryError("Java heap space");
                }
                return delegate.allocateContiguous(shapes, pieces);
            }
        };
        Notices notices = new Notices();
        SweepResult r = run(split, sweep(), 8, notices, heapOfTwoModels);
        assertEquals(Map.of("done", 8, "diverged", 0, "failed", 0, "pending", 0), r.counts());
        assertEquals(List.of(
                "job of 8 models did not fit in the Java heap (Java heap space; --max-models caps K up front); "
                        + "splitting into 2 jobs of 4",
                "job of 4 models did not fit in the Java heap (Java heap space; --max-models caps K up front); "
                        + "splitting into 2 jobs of 2",
                "job of 4 models did not fit in the Java heap (Java heap space; --max-models caps K up front); "
                        + "splitting into 2 jobs of 2"), notices.lines);
        run(ref, sweep(), 2, SweepListener.NONE, unlimited());
        assertSameResults(new SweepDirectory(ref), new SweepDirectory(split), 2);
    }

    @Test
    void aJobThatRunsOutOfMemoryPartWayThroughTrainingIsRetriedFromScratch(@TempDir Path split,
                                                                          @TempDir Path ref) throws IOException {
        // Only the evaluator's buffers (8 test rows), allocated at the first logged step, do not fit for K > 2.
        Notices notices = new Notices();
        SweepConfig four = sweep("seed=1,2,3,4");
        SweepResult r = run(split, four, 8, notices,
                MemoryLimitedBackend.factory((models, rows, cols) -> models > 2 && rows == 8));
        assertEquals(4, r.count("done"));
        assertEquals(1, notices.lines.size());
        assertTrue(notices.lines.get(0).startsWith("job of 4 models did not fit in device memory (")
                && notices.lines.get(0).endsWith("); splitting into 2 jobs of 2"), notices.lines.get(0));
        run(ref, four, 2, SweepListener.NONE, unlimited());
        assertSameResults(new SweepDirectory(ref), new SweepDirectory(split), 2);
    }

    @Test
    void whenNotEvenOneModelFitsEveryRunFailsWithTheOneLineMessage(@TempDir Path out) throws IOException {
        Notices notices = new Notices();
        SweepResult r = run(out, sweep(), 8, notices, MemoryLimitedBackend.factory(
                MemoryLimitedBackend.Refusal.moreModelsThan(0)));
        assertEquals(Map.of("done", 0, "diverged", 0, "failed", 8, "pending", 0), r.counts());
        assertEquals(1, r.exitCode());
        assertEquals(8, r.failures().size());
        assertEquals(7, notices.lines.size()); // 8 -> 4 + 4 -> four jobs of 2 -> eight of 1
        SweepDirectory dir = new SweepDirectory(out);
        for (RunSummary s : dir.summaries().values()) {
            assertEquals(RunSummary.FAILED, s.status());
            assertTrue(s.error().startsWith("OutOfDeviceMemoryException: --backend fake: out of device memory "
                    + "allocating 120 B for a [1, 3, 5] tensor (0 B free of 1.0 GiB on memory-limited test backend)"),
                    s.error());
            assertTrue(!s.error().contains("\n"));
            Provenance p = RunLogs.read(dir.file(s.runId(), SweepDirectory.PROVENANCE), Provenance.class);
            assertEquals(1, p.jobModels());
        }
        // As any failure: complete, so a rerun does not loop on them.
        assertEquals(0, run(out, sweep(), 8, notices, unlimited()).ran());
    }

    @Test
    void completedRunsAreNotRedoneWhenTheRestIsSplit(@TempDir Path out) throws IOException {
        run(out, sweep("seed=1,2,3,4"), 8, SweepListener.NONE, unlimited());
        SweepDirectory dir = new SweepDirectory(out);
        Map<String, RunSummary> before = dir.summaries();
        Notices notices = new Notices();
        SweepResult r = run(out, sweep(), 8, notices, MemoryLimitedBackend.factory(
                MemoryLimitedBackend.Refusal.moreModelsThan(2)));
        assertEquals(4, r.skipped());
        assertEquals(4, r.ran());
        assertEquals(8, r.count("done"));
        assertEquals(1, notices.lines.size()); // the 4 new runs: one job of 4, split into two of 2
        Map<String, RunSummary> after = dir.summaries();
        for (Map.Entry<String, RunSummary> e : before.entrySet()) {
            assertEquals(e.getValue(), after.get(e.getKey()));
            assertEquals(4, RunLogs.read(dir.file(e.getKey(), SweepDirectory.PROVENANCE), Provenance.class)
                    .jobModels());
        }
        assertEquals(8, dir.readIndex().records().size());
    }

    @Test
    void theBackendsFreeMemoryCapsModelsPerJobUpFront(@TempDir Path out) throws IOException {
        RunConfig first = SweepExpander.expand(sweep()).get(0);
        long perModel = new MemoryBudget(0, 8).bytesPerModel(first);
        // Room for 3.5 models per job after the margin and the backend's overhead: jobs of at most 3.
        long free = (long) Math.ceil(((MemoryBudget.OVERHEAD_MIB << 20) + 3.5 * perModel) / MemoryBudget.USABLE);
        Notices notices = new Notices();
        SweepResult r = run(out, sweep(), 8, notices, MemoryLimitedBackend.factory(
                MemoryLimitedBackend.Refusal.moreModelsThan(3), OptionalLong.of(free)));
        assertEquals(3, r.jobs()); // 8 runs at most 3 per job: 2 + 3 + 3
        assertEquals(8, r.count("done"));
        assertEquals(1, notices.lines.size(), notices.lines.toString()); // the plan, and no out-of-memory retry
        assertTrue(notices.lines.get(0).startsWith("width 5, depth 1, batch 16: about 3 models fit in device "
                + "memory per job (estimate: "), notices.lines.get(0));
        assertTrue(notices.lines.get(0).endsWith("; 8 runs in 3 jobs"), notices.lines.get(0));
    }

    /** Same status, losses and metrics for every run; provenance records the K each run trained with. */
    private static void assertSameResults(SweepDirectory expected, SweepDirectory actual, int jobModels)
            throws IOException {
        Map<String, RunSummary> want = expected.summaries();
        Map<String, RunSummary> got = actual.summaries();
        assertEquals(want.keySet(), got.keySet());
        for (String id : want.keySet()) {
            RunSummary w = want.get(id);
            RunSummary g = got.get(id);
            assertEquals(RunSummary.DONE, g.status());
            assertEquals(w.steps(), g.steps());
            assertEquals(w.finalTrainLoss(), g.finalTrainLoss(), id);
            assertEquals(w.finalTestLoss(), g.finalTestLoss(), id);
            assertEquals(w.bestTrainLoss(), g.bestTrainLoss(), id);
            assertEquals(w.bestTestLoss(), g.bestTestLoss(), id);
            assertEquals(losses(expected, id), losses(actual, id), id);
            assertEquals(jobModels, RunLogs.read(actual.file(id, SweepDirectory.PROVENANCE), Provenance.class)
                    .jobModels());
        }
    }

    private static List<List<Object>> losses(SweepDirectory dir, String id) throws IOException {
        return JsonLines.read(dir.file(id, SweepDirectory.METRICS), MetricLine.class).records().stream()
                .map(m -> List.<Object>of(m.step(), String.valueOf(m.trainLoss()), String.valueOf(m.testLoss())))
                .toList();
    }
}
