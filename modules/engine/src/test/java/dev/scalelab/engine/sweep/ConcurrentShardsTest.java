package dev.scalelab.engine.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.core.UserInputException;
import dev.scalelab.core.config.RunConfig;
import dev.scalelab.core.config.SweepConfig;
import dev.scalelab.core.config.SweepConfigLoader;
import dev.scalelab.core.run.IndexEntry;
import dev.scalelab.core.run.JsonLines;
import dev.scalelab.core.run.Provenance;
import dev.scalelab.core.run.RunLogs;
import dev.scalelab.core.run.RunSummary;
import dev.scalelab.core.run.SweepDirectory;
import dev.scalelab.core.task.TaskFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --shard I/N} from 4 concurrent processes (child JVMs through {@link SweepMain}) into one directory
 * equals a one-process run of the same sweep: the same runs, each exactly once, with the same results; every
 * shard's index lists just its own runs; provenance names the shard; another N is refused unless resharding.
 */
class ConcurrentShardsTest {
    static final String CONFIG = """
            name: shards
            parameters:
              width: {values: [3, 5, 8, 13]}
              depth: {values: [1, 2]}
              seed: {values: [1, 2]}
            task: {kind: random_regression, n: 16, d: 3, test_size: 8}
            train: {steps: 60, log_every: 20, lr: 0.01}
            """;

    @Test
    void fourConcurrentShardsEqualOneProcess(@TempDir Path tmp) throws Exception {
        Path config = tmp.resolve("shards.yaml");
        Files.writeString(config, CONFIG);
        SweepConfig sweep = SweepConfigLoader.load(config);
        SweepPlan plan = SweepPlan.of(sweep, List.of());
        assertEquals(16, plan.runs().size());

        Path single = tmp.resolve("single");
        new SweepRunner(new SweepRunner.Options(single, 1, 0, SweepRunner.DEFAULT_MAX_MODELS, false, false, "test"),
                SweepListener.NONE, TaskFactory.withDefaultDataDir()).run(plan);

        Path sharded = tmp.resolve("sharded");
        List<Process> children = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            children.add(launch(config, sharded, tmp.resolve("shard-" + i + ".log"), "--shard", i + "/4"));
        }
        for (int i = 0; i < 4; i++) {
            assertTrue(children.get(i).waitFor(300, TimeUnit.SECONDS), "shard " + i + " finished");
            assertEquals(0, children.get(i).exitValue(), Files.readString(tmp.resolve("shard-" + i + ".log")));
        }

        SweepDirectory one = new SweepDirectory(single);
        SweepDirectory many = new SweepDirectory(sharded);
        Map<String, RunSummary> expected = one.summaries();
        Map<String, RunSummary> actual = many.summaries();
        assertEquals(expected.keySet(), actual.keySet(), "the same runs");
        for (String id : expected.keySet()) {
            assertEquals(withoutWallTime(expected.get(id)), withoutWallTime(actual.get(id)), "run " + id);
        }
        assertEquals(expected.keySet(), many.indexEntries().keySet(), "merged index: every run once");

        List<RunJob> jobs = JobPlanner.plan(plan.runs(), SweepRunner.DEFAULT_MAX_MODELS);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            Set<String> own = new HashSet<>();
            for (RunJob j : new Shard(i, 4, "--shard").select(jobs)) {
                j.runs().forEach(r -> own.add(r.id()));
            }
            List<IndexEntry> index = JsonLines.read(sharded.resolve(SweepDirectory.shardIndex(i)),
                    IndexEntry.class).records();
            Set<String> listed = new HashSet<>();
            for (IndexEntry e : index) {
                assertTrue(listed.add(e.runId()), "shard " + i + " lists " + e.runId() + " once");
                assertTrue(seen.add(e.runId()), e.runId() + " in one shard's index only");
            }
            assertEquals(own, listed, "shard " + i + "'s index holds its own runs");
            for (String id : own) {
                Provenance p = RunLogs.read(many.file(id, SweepDirectory.PROVENANCE), Provenance.class);
                assertEquals(i + "/4 (--shard)", p.shard());
            }
            assertTrue(Files.readString(tmp.resolve("shard-" + i + ".log")).contains("sweep: shard " + i
                    + "/4 (from --shard): " + own.size() + " of 16 runs"));
        }
        assertNull(RunLogs.read(one.file(plan.runs().get(0).id(), SweepDirectory.PROVENANCE), Provenance.class)
                .shard());
        assertEquals(4, many.manifest().shards());
        assertEquals(plan.runs().stream().map(RunConfig::id).toList(), many.manifest().runIds());

        UserInputException other = assertThrows(UserInputException.class, () -> shard(sharded, plan, 0, 3, false));
        assertEquals("--shard 0/3: " + sharded + " was sharded into 4 (sweep.json); use N = 4, or --reshard to "
                + "deal its unfinished runs into 3", other.getMessage());
        SweepResult resharded = shard(sharded, plan, 0, 3, true);
        assertEquals(resharded.total(), resharded.skipped(), "resharding reruns nothing that is complete");
        assertEquals(3, many.manifest().shards());
    }

    private static SweepResult shard(Path out, SweepPlan plan, int i, int n, boolean reshard) throws IOException {
        return new SweepRunner(new SweepRunner.Options(out, 1, 0, SweepRunner.DEFAULT_MAX_MODELS, false, false,
                "test").withShard(new Shard(i, n, "--shard"), reshard), SweepListener.NONE,
                TaskFactory.withDefaultDataDir()).run(plan);
    }

    static RunSummary withoutWallTime(RunSummary s) {
        return new RunSummary(s.schemaVersion(), s.runId(), s.status(), s.params(), s.samples(), s.flops(), s.steps(),
                s.finalTrainLoss(), s.finalTestLoss(), s.bestTrainLoss(), s.bestTestLoss(), s.finalTestAccuracy(),
                s.reachedTarget(), s.divergedAtStep(), s.error(), 0, new TreeMap<>(s.config()), s.metrics());
    }

    static Process launch(Path config, Path out, Path log, String... args) throws IOException {
        return ChildSweep.launch(ChildSweep.command(System.getProperty("java.class.path"), config, out, args), log);
    }
}
