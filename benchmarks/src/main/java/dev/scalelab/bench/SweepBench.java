package dev.scalelab.bench;

import dev.scalelab.core.config.RunConfig;
import dev.scalelab.core.config.SweepConfig;
import dev.scalelab.core.config.SweepConfigLoader;
import dev.scalelab.core.config.SweepExpander;
import dev.scalelab.core.task.TaskFactory;
import dev.scalelab.engine.nd4j.CpuInfo;
import dev.scalelab.engine.sweep.SweepListener;
import dev.scalelab.engine.sweep.SweepPlan;
import dev.scalelab.engine.sweep.SweepResult;
import dev.scalelab.engine.sweep.SweepRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Issue 3's performance goals on a sweep of 1,000 tiny runs (10 widths x 10 learning rates x 10 seeds, random
 * regression N = 32, d = 4, 200 full-batch Adam steps, a metrics line every 20 steps):
 * <ol>
 *   <li>orchestration overhead: the share of the sweep's wall time spent outside the training loop and task
 *   data (expansion, hashing, run directories, logging, summaries, index, resume checks), target ≤ 5%;</li>
 *   <li>batched grouping (seeds and learning rates of a shape as K models of one job) against the same runs one
 *   at a time (K = 1 jobs), target ≥ 10x. One-at-a-time is measured on an evenly spread subset and
 *   extrapolated linearly (every K = 1 job is the same size class), which the report says.</li>
 * </ol>
 * Usage: {@code SweepBench [OUT_MD] [runs-subset-one-at-a-time=100] [workers=1] [steps=200]}. A burn-in sweep runs
 * first.
 */
public final class SweepBench {
    private static final String CONFIG = """
            name: bench-1000
            parameters:
              width: {values: [2, 3, 4, 5, 6, 7, 8, 9, 10, 11]}
              lr: {values: [0.001, 0.002, 0.003, 0.005, 0.007, 0.01, 0.02, 0.03, 0.05, 0.07]}
              seed: {values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]}
            task: {kind: random_regression, n: 32, d: 4}
            train: {steps: 200, log_every: 20}
            """;

    private SweepBench() {
    }

    public static void main(String[] args) throws IOException {
        Path outMd = args.length > 0 ? Path.of(args[0]) : null;
        int subset = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int workers = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int steps = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        Path work = Files.createTempDirectory("sweep-bench-");
        SweepConfig config = SweepConfigLoader.parse(CONFIG.replace("steps: 200", "steps: " + steps),
                "bench-1000.yaml");

        long e0 = System.nanoTime();
        List<RunConfig> runs = SweepExpander.expand(config);
        double expandSeconds = (System.nanoTime() - e0) / 1e9;
        System.err.printf("expanded %d runs in %.3f s%n", runs.size(), expandSeconds);

        // Burn-in: JIT, ND4J natives, thread pools.
        run(work.resolve("burn-in"), runs.subList(0, 50), workers, SweepRunner.DEFAULT_MAX_MODELS, false);

        // The machine is shared: each measurement is the better of two repetitions.
        SweepResult batched = null;
        for (int rep = 0; rep < 2; rep++) {
            SweepResult b = run(work.resolve("batched-" + rep), runs, workers, SweepRunner.DEFAULT_MAX_MODELS, false);
            System.err.printf("batched #%d: %s%n", rep, b);
            if (batched == null || b.wallSeconds() < batched.wallSeconds()) {
                batched = b;
            }
        }
        double batchedWall = batched.wallSeconds() + expandSeconds;
        SweepResult resume = run(work.resolve("batched-0"), runs, workers, SweepRunner.DEFAULT_MAX_MODELS, false);
        System.err.printf("resume (all complete): %.3f s%n", resume.wallSeconds());
        SweepResult durable = run(work.resolve("batched-fsync"), runs, workers, SweepRunner.DEFAULT_MAX_MODELS, true);
        System.err.printf("batched with --fsync: %s%n", durable);

        List<RunConfig> spread = new ArrayList<>();
        int stride = Math.max(1, runs.size() / subset);
        for (int i = 0; i < runs.size() && spread.size() < subset; i += stride) {
            spread.add(runs.get(i));
        }
        SweepResult single = null;
        for (int rep = 0; rep < 2; rep++) {
            SweepResult s = run(work.resolve("one-at-a-time-" + rep), spread, workers, 1, false);
            System.err.printf("one at a time #%d (%d runs): %s%n", rep, spread.size(), s);
            if (single == null || s.wallSeconds() < single.wallSeconds()) {
                single = s;
            }
        }
        double singleExtrapolated = single.wallSeconds() * runs.size() / spread.size();
        SweepResult batchedSubset = run(work.resolve("batched-subset"), spread, workers,
                SweepRunner.DEFAULT_MAX_MODELS, false);

        double trainAndData = batched.trainSeconds() + batched.dataSeconds();
        double orchestration = batchedWall - trainAndData;
        double overhead = orchestration / batchedWall;
        String report = report(runs.size(), workers, steps, expandSeconds, batched, batchedWall, orchestration, overhead,
                resume, durable, spread.size(), single, singleExtrapolated, batchedSubset);
        System.out.print(report);
        if (outMd != null) {
            Files.createDirectories(outMd.toAbsolutePath().getParent());
            Files.writeString(outMd, report, StandardCharsets.UTF_8);
        }
        deleteRecursively(work);
    }

    private static SweepResult run(Path out, List<RunConfig> runs, int workers, int maxModels, boolean fsync)
            throws IOException {
        SweepPlan plan = new SweepPlan("bench", "bench-1000.yaml", "grid", List.of(), runs);
        return new SweepRunner(new SweepRunner.Options(out, workers, 0, maxModels, false, fsync, "SweepBench"),
                SweepListener.NONE, TaskFactory.withDefaultDataDir()).run(plan);
    }

    private static String report(int runs, int workers, int steps, double expand, SweepResult b, double bWall, double orch,
                                 double overhead, SweepResult resume, SweepResult durable, int subset,
                                 SweepResult single,
                                 double singleExtrapolated, SweepResult batchedSubset) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Sweep benchmark (issue 3): 1,000 tiny runs of ").append(steps).append(" steps\n\n");
        sb.append("- machine: ").append(cpu()).append(", ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores (shared with other work while measured)\n");
        sb.append("- date: ").append(Instant.now()).append('\n');
        sb.append("- command: `mvn -q -B -o -pl benchmarks -am package -DskipTests && java -cp "
                + "\"benchmarks/target/scalelab-benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*\" "
                + "dev.scalelab.bench.SweepBench OUT.md ").append(subset).append(' ')
                .append(workers).append(' ').append(steps).append("`\n");
        sb.append("- OPENBLAS_CORETYPE: ").append(System.getenv().getOrDefault("OPENBLAS_CORETYPE", "(unset)"))
                .append("; workers: ").append(workers).append("; native threads: automatic (1 for these tiny "
                        + "models)\n");
        sb.append("- each figure: the better of two repetitions (the 2-core machine was shared with other builds)\n");
        sb.append("- sweep: ").append(runs).append(" runs = 10 widths (2..11) x 10 learning rates x 10 seeds; "
                + "random regression N = 32, d = 4; MLP 4-W-1; Adam, " + steps + " full-batch steps; "
                + "metrics every 20 steps; after a 50-run burn-in\n\n");
        sb.append("## Orchestration overhead (target ≤ 5% of wall time)\n\n");
        sb.append("| part | seconds | share of wall |\n|---|---:|---:|\n");
        row(sb, "whole sweep, batched (" + b.jobs() + " jobs of K = " + runs / Math.max(1, b.jobs()) + ")", bWall,
                bWall);
        row(sb, "training loop (excluding its logging callbacks)", b.trainSeconds(), bWall);
        row(sb, "task data generation", b.dataSeconds(), bWall);
        row(sb, "orchestration = wall - training - data", orch, bWall);
        row(sb, "  of which: expansion + run-id hashing", expand, bWall);
        row(sb, "  of which: metrics logging callbacks", b.loggingSeconds(), bWall);
        row(sb, "  of which: everything else (run dirs, config/provenance/summary writes, index, lock, resume "
                + "checks, thread start-up, waiting for the last commits)", orch - expand - b.loggingSeconds(), bWall);
        sb.append(String.format(Locale.ROOT, "%nOrchestration: **%.1f%%** of wall time (%s the 5%% target).%n",
                100 * overhead, overhead <= 0.05 ? "meets" : "misses"));
        sb.append(String.format(Locale.ROOT, "A second invocation on the complete directory (resume check of all "
                + "%d runs, nothing to run) takes %.2f s.%n%n", runs, resume.wallSeconds()));
        double dWall = durable.wallSeconds() + expand;
        double dOrch = dWall - durable.trainSeconds() - durable.dataSeconds();
        sb.append(String.format(Locale.ROOT, "With `--fsync` (every summary.json fsynced before its rename, on a "
                + "committer thread beside training): wall %.2f s, orchestration %.1f%% (%.2f s); the committer spent "
                + "%.2f s writing run files.%n%n", dWall, 100 * dOrch / dWall, dOrch, durable.writeSeconds()));
        sb.append("## Batched grouping vs one at a time (target ≥ 10x)\n\n");
        sb.append("| mode | runs measured | wall (s) | per run (ms) | 1,000 runs (s) |\n|---|---:|---:|---:|---:|\n");
        sb.append(String.format(Locale.ROOT, "| batched, full sweep | %d | %.2f | %.2f | %.1f |%n", runs, bWall,
                1000 * bWall / runs, bWall * 1000.0 / runs));
        sb.append(String.format(Locale.ROOT, "| batched, same subset as below | %d | %.2f | %.2f | - |%n", subset,
                batchedSubset.wallSeconds(), 1000 * batchedSubset.wallSeconds() / subset));
        sb.append(String.format(Locale.ROOT, "| one at a time (K = 1 jobs) | %d | %.2f | %.2f | %.1f (extrapolated) |%n",
                subset, single.wallSeconds(), 1000 * single.wallSeconds() / subset, singleExtrapolated));
        double speedup = singleExtrapolated / (bWall * 1000.0 / runs);
        sb.append(String.format(Locale.ROOT, "%nSpeedup of batched grouping: **%.1fx** (%s the 10x target). "
                + "One at a time was measured on %d of the %d runs (every %d-th run of the grid, all widths and "
                + "learning rates represented) and extrapolated linearly to %d runs; running all %d would take "
                + "about %.0f s.%n", speedup, speedup >= 10 ? "meets" : "misses", subset, runs, runs / subset, runs,
                runs, singleExtrapolated));
        return sb.toString();
    }

    private static void row(StringBuilder sb, String name, double seconds, double wall) {
        sb.append(String.format(Locale.ROOT, "| %s | %.3f | %.1f%% |%n", name, seconds, 100 * seconds / wall));
    }

    private static String cpu() {
        try {
            Process p = new ProcessBuilder("lscpu").redirectErrorStream(true).start();
            for (String line : new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("Model name:")) {
                    return line.substring("Model name:".length()).strip();
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return CpuInfo.modelName();
    }

    private static void deleteRecursively(Path p) throws IOException {
        try (var walk = Files.walk(p)) {
            for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
