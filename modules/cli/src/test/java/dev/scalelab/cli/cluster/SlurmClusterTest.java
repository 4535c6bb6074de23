package dev.scalelab.cli.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scalelab.cli.CliRun;
import dev.scalelab.cli.Main;
import dev.scalelab.core.config.RunConfig;
import dev.scalelab.core.config.SweepConfigLoader;
import dev.scalelab.core.run.IndexEntry;
import dev.scalelab.core.run.JsonLines;
import dev.scalelab.core.run.MetricLine;
import dev.scalelab.core.run.Provenance;
import dev.scalelab.core.run.RunLogs;
import dev.scalelab.core.run.RunSummary;
import dev.scalelab.core.run.SweepDirectory;
import dev.scalelab.core.run.TestHold;
import dev.scalelab.core.task.TaskFactory;
import dev.scalelab.engine.sweep.JobPlanner;
import dev.scalelab.engine.sweep.RunJob;
import dev.scalelab.engine.sweep.Shard;
import dev.scalelab.engine.sweep.SweepListener;
import dev.scalelab.engine.sweep.SweepPlan;
import dev.scalelab.engine.sweep.SweepRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sweep submit slurm} on a real single-node Slurm cluster: a sweep of 8 runs in 4 batched jobs as a 4-task
 * array. Task 0 (the costliest job) is cancelled with scancel while it trains and requeued with scontrol requeue.
 * Then every run is there exactly once, with the results of a one-process run, and {@code sweep status},
 * polled throughout, never counts a run twice or loses one.
 */
class SlurmClusterTest {
    /**
     * 2 widths x 2 depths x 2 seeds: 4 jobs of 2 batched seeds, of 4 different costs (one per shard). (Budgets
     * would not do: runs that differ only in their budget share a job.)
     */
    private static final String CONFIG = """
            name: slurm-ci
            parameters:
              width: {values: [4, 16]}
              depth: {values: [1, 2]}
              seed: {values: [1, 2]}
            task: {kind: random_regression, n: 32, d: 4, test_size: 16}
            train: {steps: 600, log_every: 10, lr: 0.01}
            """;
    private static final long TIMEOUT_MS = 600_000;

    @Test
    void arrayJobWithACancelledAndRequeuedTaskRunsEveryRunOnce(@TempDir Path tmp) throws Exception {
        try (SingleNodeSlurm slurm = SingleNodeSlurm.startOrSkip()) {
            Path config = tmp.resolve("slurm-ci.yaml");
            Files.writeString(config, CONFIG);
            SweepPlan plan = SweepPlan.of(SweepConfigLoader.load(config), List.of());
            assertEquals(8, plan.runs().size());
            List<RunJob> jobs = JobPlanner.plan(plan.runs(), SweepRunner.DEFAULT_MAX_MODELS);
            assertEquals(4, jobs.size());
            List<RunConfig> costliest = new Shard(0, 4, "test").select(jobs).get(0).runs();
            assertEquals(2, costliest.get(0).model().depth());
            assertEquals(16, costliest.get(0).model().width());

            Path single = tmp.resolve("single");
            new SweepRunner(new SweepRunner.Options(single, 1, 0, SweepRunner.DEFAULT_MAX_MODELS, false, false,
                    "test"), SweepListener.NONE, TaskFactory.withDefaultDataDir()).run(plan);

            Path out = tmp.resolve("sweep");
            // Task 0 holds after its costliest run's third metrics line (once: the requeued task goes on), so
            // the cancel lands mid-run however fast this machine trains.
            String first = costliest.get(0).id();
            Path held = tmp.resolve("held");
            Path launcher = launcher(tmp, "metrics:3,run=" + first + "@" + held);
            SingleNodeSlurm.Run submit = slurm.run(List.of(launcher.toString(), "sweep", "submit", "slurm",
                    config.toString(), "--out", out.toString(), "--tasks", "4", "--cpus-per-task", "1", "--time",
                    "10:00"));
            assertEquals(0, submit.exit(), submit.output());
            Matcher m = Pattern.compile("submitted Slurm array job (\\d+): 4 tasks, 8 runs in 4 batched jobs")
                    .matcher(submit.output());
            assertTrue(m.find(), submit.output());
            String job = m.group(1);
            assertTrue(submit.output().contains("squeue -j " + job), submit.output());
            assertTrue(Files.readString(out.resolve(SlurmScript.FILE)).contains("#SBATCH --array=0-3"));
            StatusWatch watch = new StatusWatch(out);
            assertEquals(8, watch.check().get("pending").asInt(), "right after submitting: all 8 pending");

            // Cancel task 0 while it trains: its costliest run has logged metrics but has no summary yet.
            SweepDirectory dir = new SweepDirectory(out);
            long t0 = System.currentTimeMillis();
            while (!Files.exists(held)) {
                watch.check();
                if (System.currentTimeMillis() - t0 > TIMEOUT_MS) {
                    fail("task 0 never reached its hold point; logs: " + logs(out));
                }
                Thread.sleep(100);
            }
            assertEquals(3, JsonLines.read(dir.file(first, SweepDirectory.METRICS), MetricLine.class).records()
                    .size(), "held after the third metrics line");
            assertEquals(0, slurm.slurm("scancel", job + "_0").exit());
            while (slurm.queued(job + "_0")) {
                watch.check();
                Thread.sleep(200);
            }
            assertEquals("CANCELLED", slurm.state(job + "_0"));
            JsonNode afterCancel = watch.check();
            assertTrue(afterCancel.get("done").asInt() < 8, "the cancelled task's runs are not done");
            for (RunConfig r : costliest) {
                assertTrue(!dir.isComplete(r.id()), "cancelled mid-run: " + r.id() + " has no summary");
            }

            SingleNodeSlurm.Run requeue = slurm.slurm("scontrol", "requeue", job + "_0");
            assertEquals(0, requeue.exit(), requeue.output());
            while (slurm.queued(job)) {
                watch.check();
                if (System.currentTimeMillis() - t0 > TIMEOUT_MS) {
                    fail("array job still queued after " + TIMEOUT_MS + " ms; logs: " + logs(out));
                }
                Thread.sleep(300);
            }
            JsonNode end = watch.check();
            assertEquals(8, end.get("done").asInt(), "all done; logs: " + logs(out));
            assertTrue(watch.polls > 5, "status was polled while the array ran");

            Map<String, RunSummary> expected = new SweepDirectory(single).summaries();
            Map<String, RunSummary> actual = dir.summaries();
            assertEquals(expected.keySet(), actual.keySet());
            for (String id : expected.keySet()) {
                assertEquals(withoutWallTime(expected.get(id)), withoutWallTime(actual.get(id)), "run " + id);
            }
            Set<String> indexed = new HashSet<>();
            for (int i = 0; i < 4; i++) {
                for (IndexEntry e : JsonLines.read(out.resolve(SweepDirectory.shardIndex(i)), IndexEntry.class)
                        .records()) {
                    assertTrue(indexed.add(e.runId()), "indexed once: " + e.runId());
                }
                for (RunJob j : new Shard(i, 4, "test").select(jobs)) {
                    for (RunConfig r : j.runs()) {
                        Provenance p = RunLogs.read(dir.file(r.id(), SweepDirectory.PROVENANCE), Provenance.class);
                        assertEquals(i + "/4 (SLURM_ARRAY_TASK_ID)", p.shard());
                    }
                }
            }
            assertEquals(expected.keySet(), indexed);
            String log0 = Files.readString(out.resolve(SlurmScript.LOG_DIR).resolve("slurm-" + job + "_0.log"));
            assertTrue(log0.contains("restart 0") && log0.contains("restart 1"), "task 0 ran twice: " + log0);
            assertTrue(log0.contains("sweep: shard 0/4 (from SLURM_ARRAY_TASK_ID): 2 of 8 runs"), log0);
        }
    }

    /** Polls {@code sweep status --json}: 8 runs, never failed, done never decreasing, done + pending = 8. */
    private static final class StatusWatch {
        private final Path dir;
        private int done;
        int polls;

        StatusWatch(Path dir) {
            this.dir = dir;
        }

        JsonNode check() throws IOException {
            String out = CliRun.of("sweep", "status", dir.toString(), "--json").assertOk().out();
            JsonNode o = RunLogs.JSON.readTree(out);
            JsonNode counts = o.get("counts");
            assertEquals(8, o.get("total").asInt(), out);
            assertEquals(4, o.get("shards").asInt(), out);
            assertEquals(0, counts.get("failed").asInt(), out);
            assertEquals(8, counts.get("done").asInt() + counts.get("diverged").asInt()
                    + counts.get("pending").asInt(), out);
            assertTrue(counts.get("done").asInt() >= done, "done never goes down: " + out);
            done = counts.get("done").asInt();
            polls++;
            return counts;
        }
    }

    /** A launcher script like ./scalelab: runs the CLI on this test's class path, with a {@link TestHold}. */
    private static Path launcher(Path tmp, String hold) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cache = System.getProperty("org.bytedeco.javacpp.cachedir",
                Path.of("target", "javacpp-cache").toAbsolutePath().toString());
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:TieredStopAtLevel=1",
                "-Dorg.bytedeco.javacpp.cachedir=" + cache, "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        Path script = tmp.resolve("scalelab");
        // As ./scalelab does: the launcher exports its own absolute path for the job script.
        Files.writeString(script, "#!/bin/bash\nexport SCALELAB_LAUNCHER=" + ShellQuote.word(script.toAbsolutePath()
                .toString()) + "\nexport " + TestHold.ENV + "=" + ShellQuote.word(hold) + "\nexec "
                + ShellQuote.words(cmd) + " \"$@\"\n");
        assertTrue(script.toFile().setExecutable(true));
        return script;
    }

    private static String logs(Path out) throws IOException {
        StringBuilder sb = new StringBuilder();
        Path dir = out.resolve(SlurmScript.LOG_DIR);
        if (Files.isDirectory(dir)) {
            try (var files = Files.list(dir)) {
                for (Path f : files.sorted().toList()) {
                    sb.append("\n== ").append(f.getFileName()).append('\n').append(Files.readString(f));
                }
            }
        }
        return sb.toString();
    }

    private static RunSummary withoutWallTime(RunSummary s) {
        return new RunSummary(s.schemaVersion(), s.runId(), s.status(), s.params(), s.samples(), s.flops(), s.steps(),
                s.finalTrainLoss(), s.finalTestLoss(), s.bestTrainLoss(), s.bestTestLoss(), s.finalTestAccuracy(),
                s.reachedTarget(), s.divergedAtStep(), s.error(), 0, new TreeMap<>(s.config()), s.metrics());
    }
}
