package dev.scalelab.cli.report;

import dev.scalelab.core.run.MetricLine;
import dev.scalelab.core.run.RunLogs;
import dev.scalelab.core.run.RunStore;
import dev.scalelab.core.run.RunSummary;
import dev.scalelab.core.run.SweepDirectory;
import dev.scalelab.core.run.SweepManifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * A synthetic sweep directory of any size, in the run-log format (docs/run-logs.md), for the report's scale tests
 * and benchmarks: a grid of width (10) × lr (10) × batch (10) × steps (5) × init_scale (10) × seed (2), its first
 * {@code runs} points; losses follow a power law in width and steps with noise; about 1% of runs diverged and 0.5%
 * failed; metrics every 50 steps (2 to 32 lines per run). The last {@code pending} runs have no directory.
 * <pre>java -cp 'modules/cli/target/test-classes:modules/cli/target/classes:modules/cli/target/lib/*' \
 *     dev.scalelab.cli.report.SyntheticSweep DIR RUNS [PENDING]</pre>
 */
public final class SyntheticSweep {
    static final int[] WIDTHS = {4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048};
    static final int[] STEPS = {100, 200, 400, 800, 1600};

    private SyntheticSweep() {
    }

    public static void main(String[] args) throws IOException {
        long t0 = System.nanoTime();
        write(Path.of(args[0]), Integer.parseInt(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : 0);
        System.out.printf(Locale.ROOT, "wrote %s runs into %s in %.1f s%n", args[1], args[0],
                (System.nanoTime() - t0) / 1e9);
    }

    public static void write(Path dir, int runs, int pending) throws IOException {
        Files.createDirectories(dir);
        Random rnd = new Random(7);
        List<String> ids = new ArrayList<>();
        Instant t = Instant.parse("2026-12-01T00:00:00Z");
        for (int i = 0; i < runs; i++) {
            int seed = i % 2 + 1;
            int j = i / 2;
            double initScale = 0.5 + 0.1 * (j % 10);
            j /= 10;
            int steps = STEPS[j % 5];
            j /= 5;
            int batch = 16 << (j % 10) % 6;
            int batchIdx = j % 10;
            j /= 10;
            double lr = 1e-4 * Math.pow(2, j % 10);
            j /= 10;
            int width = WIDTHS[j % 10];
            String id = String.format(Locale.ROOT, "%012x", (i * 0x9E3779B97F4A7C15L) >>> 16);
            ids.add(id);
            if (i >= runs - pending) {
                continue;
            }
            Map<String, Object> config = new TreeMap<>();
            config.put("task.kind", "teacher_student");
            config.put("task.n", 100000);
            config.put("model.width", width);
            config.put("model.depth", 2);
            config.put("model.seed", seed);
            config.put("model.init_scale", initScale);
            config.put("train.lr", lr);
            config.put("train.batch_size", batch);
            config.put("train.steps", steps);
            config.put("train.batch_variant", batchIdx);
            long params = 16L * width + width * (long) width + 2L * width + 1;
            String status = RunSummary.DONE;
            Long divergedAt = null;
            String error = null;
            int last = steps;
            double u = rnd.nextDouble();
            if (u < 0.01) {
                status = RunSummary.DIVERGED;
                last = 50 * (1 + rnd.nextInt(steps / 50));
                divergedAt = (long) last;
            } else if (u < 0.015) {
                status = RunSummary.FAILED;
                error = "OutOfMemoryError: synthetic failure";
                last = 0;
            }
            Path run = dir.resolve(id);
            Files.createDirectories(run);
            StringBuilder metrics = new StringBuilder();
            double floor = 0.01 + 0.5 * Math.pow(width, -0.4);
            Double finalLoss = null;
            Double best = null;
            double wall = 0;
            for (int s = 50; s <= last; s += 50) {
                wall += 0.002 * width / 16.0 + 0.01;
                boolean blown = divergedAt != null && s == last;
                double loss = floor + 0.3 * Math.pow(s, -0.5) * (1 + 0.1 * rnd.nextGaussian());
                Double train = blown ? null : loss * (0.9 + 0.05 * rnd.nextDouble());
                Double test = blown ? null : loss;
                metrics.append(RunLogs.line(new MetricLine(s, (long) s * batch, 6.0 * params * s * batch, wall, train,
                        test, null))).append('\n');
                if (!blown) {
                    finalLoss = loss;
                    best = best == null ? loss : Math.min(best, loss);
                }
            }
            Files.writeString(run.resolve(RunStore.METRICS), metrics, StandardCharsets.UTF_8);
            Instant start = t.plusSeconds(i / 10);
            Files.writeString(run.resolve(RunStore.PROVENANCE), """
                    {"schema_version":2,"scalelab_version":"0.1.0","scalelab_commit":"%s","scalelab_dirty":false,\
                    "java_version":"17.0.15","os":"Linux","arch":"amd64","host":"node%d","backend":"nd4j-cpu",\
                    "device":"synthetic CPU","seed":%d,"started":"%s","ended":"%s","command":"synthetic","job_models":10}
                    """.formatted("0".repeat(40), i % 4, seed, start, start.plusMillis((long) (wall * 1000))));
            long samples = (long) last * batch;
            RunSummary summary = new RunSummary(RunLogs.SCHEMA_VERSION, id, status, params, samples,
                    6.0 * params * samples, last, finalLoss, finalLoss, best, best, null, false, divergedAt, error,
                    wall, config);
            Files.write(run.resolve(RunStore.SUMMARY), RunLogs.pretty(summary));
        }
        String now = t.toString();
        new SweepDirectory(dir).writeManifest(new SweepManifest(RunLogs.SCHEMA_VERSION, "synthetic", "synthetic.yaml",
                "grid", List.of(), runs, ids, now, now, ids, null));
    }
}
