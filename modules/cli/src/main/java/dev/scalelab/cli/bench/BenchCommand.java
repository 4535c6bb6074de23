package dev.scalelab.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.scalelab.core.UserInputException;
import dev.scalelab.core.plot.Figure;
import dev.scalelab.core.plot.LogAxes;
import dev.scalelab.core.plot.Pictures;
import dev.scalelab.core.plot.Plotter;
import dev.scalelab.core.run.OutputPaths;
import dev.scalelab.core.spec.Activation;
import dev.scalelab.core.spec.InitSpec;
import dev.scalelab.core.spec.LossKind;
import dev.scalelab.core.spec.MlpSpec;
import dev.scalelab.core.spec.ModelSettings;
import dev.scalelab.core.spec.OptimizerSpec;
import dev.scalelab.core.spec.TrainSpec;
import dev.scalelab.core.task.Dataset;
import dev.scalelab.core.task.TaskData;
import dev.scalelab.core.util.Rng;
import dev.scalelab.engine.compute.Backends;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.compute.Precision;
import dev.scalelab.engine.compute.Tensor;
import dev.scalelab.engine.model.MlpBatch;
import dev.scalelab.engine.train.Trainer;
import java.awt.Color;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scalelab bench}: throughput benchmarks of the engine. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks of the engine.",
        subcommands = {BenchCommand.BackendsBench.class})
public final class BenchCommand {

    /**
     * {@code scalelab bench backends}: one workload (MLP, Adam, MSE, full batch) through the real training loop on
     * every available backend, for a grid of widths and K; steps/s, model-FLOP/s (6·params·batch per model-step)
     * and MFU against a GEMM peak measured on the same backend; a plot of throughput vs width and the crossover.
     */
    @Command(name = "backends", mixinStandardHelpOptions = true,
            description = {"Throughput of every available backend (cpu, cuda, ...) on one workload: a d→width×depth→1"
                + " MLP, Adam, MSE, full batch of --batch examples, K models per batched call.",
                "Prints steps/s, model-steps/s, model-FLOP/s (6·params·batch per model-step) and MFU against a GEMM "
                    + "peak this command measures on each backend; writes backends.png/.svg (throughput vs width per "
                    + "backend and K) and reports where a GPU backend overtakes the CPU (the crossover)."})
    public static final class BackendsBench implements Callable<Integer> {
        private final Plotter plotter;

        @Spec
        private CommandSpec spec;

        @Option(names = "--backends", split = ",", description = "backends to try (default: all this installation"
                + " has); unavailable ones are reported and skipped")
        private List<String> backendNames;

        @Option(names = "--widths", split = ",", description = "hidden widths (default ${DEFAULT-VALUE})",
                defaultValue = "32,64,128,256,512")
        private List<Integer> widths;

        @Option(names = "--models", split = ",", description = "K values: models per batched call "
                + "(default ${DEFAULT-VALUE})", defaultValue = "1,16")
        private List<Integer> models;

        @Option(names = "--depth", description = "hidden layers (default ${DEFAULT-VALUE})", defaultValue = "4")
        private int depth;

        @Option(names = "--input", description = "input dimension d (default ${DEFAULT-VALUE})", defaultValue = "64")
        private int input;

        @Option(names = "--batch", description = "examples per step (default ${DEFAULT-VALUE})", defaultValue = "512")
        private int batch;

        @Option(names = "--steps", description = "timed steps per point, at least (more when they take under 0.2 s; "
                + "default ${DEFAULT-VALUE})",
                defaultValue = "10")
        private int steps;

        @Option(names = "--warmup", description = "untimed steps first, in runs of their own, repeated until the step "
                + "time settles (default ${DEFAULT-VALUE})", defaultValue = "5")
        private int warmup;

        @Option(names = "--peak-size", description = "n of the n×n·n×n GEMM whose rate is the MFU denominator "
                + "(default: 1024 on the CPU, 8192 on GPUs)")
        private Integer peakSize;

        @Option(names = "--out", description = "directory for backends.png/.svg (default ${DEFAULT-VALUE})",
                defaultValue = "out/bench")
        private Path out;

        @Option(names = "--json", description = "print one JSON document instead of the table")
        private boolean json;

        /** One measured point. */
        record Point(String backend, int models, int width, long params, double stepsPerSecond,
                     double modelFlopsPerSecond, double mfu) {
            double modelStepsPerSecond() {
                return stepsPerSecond * models;
            }
        }

        public BackendsBench() {
            this(Plotter.files());
        }

        public BackendsBench(Plotter plotter) {
            this.plotter = plotter;
        }
        /** Three 16384² FP32 matrices take 3 GiB: more than that is a heap problem, not a benchmark. */
        private static final int MAX_PEAK_SIZE = 16_384;

        @Override
        public Integer call() throws Exception {
            UserInputException.require(depth >= 1, "--depth must be ≥ 1, got " + depth);
            UserInputException.require(batch >= 1, "--batch must be ≥ 1, got " + batch);
            UserInputException.require(steps >= 1 && warmup >= 1, "--steps and --warmup must be ≥ 1");
            for (int k : models) {
                UserInputException.require(k >= 1, "--models: K must be ≥ 1, got " + k);
            }
            for (int w : widths) {
                UserInputException.require(w >= 1, "--widths: width must be ≥ 1, got " + w);
            }
            UserInputException.require(peakSize == null || (peakSize >= 1 && peakSize <= MAX_PEAK_SIZE),
                    "--peak-size must be in 1.." + MAX_PEAK_SIZE + ", got " + peakSize);
            OutputPaths.prepareDirectory(out, "--out");
            PrintWriter pw = spec.commandLine().getOut();
            // At a terminal, what is being measured now (a point can take minutes); not in logs, pipes or tests.
            PrintWriter progress = System.console() != null ? spec.commandLine().getErr()
                    : new PrintWriter(java.io.Writer.nullWriter());
            List<String> names = backendNames != null ? backendNames : availableNames();
            List<Point> points = new ArrayList<>();
            Map<String, Double> peaks = new LinkedHashMap<>();
            Map<String, String> devices = new LinkedHashMap<>();
            Map<String, String> unavailable = new LinkedHashMap<>();
            for (String name : names) {
                ComputeBackend backend;
                try {
                    backend = Backends.create(name, Precision.FP32);
                } catch (UserInputException e) {
                    unavailable.put(name, e.getMessage());
                    if (!json) {
                        pw.println("skipped " + name + ": " + e.getMessage());
                        pw.flush();
                    }
                    continue;
                }
                try (backend) {
                    String id = backend.name();
                    devices.put(id, backend.device());
                    int n = peakSize != null ? peakSize : id.startsWith("cuda") ? 8192 : 1024;
                    double peak = gemmPeak(backend, n);
                    peaks.put(id, peak);
                    if (!json) {
                        pw.printf("%n%s on %s%nGEMM peak (FP32 %d×%d·%d×%d, measured): %.1f GFLOP/s%n", id,
                                backend.device(), n, n, n, n, peak / 1e9);
                        pw.printf("%6s %6s %10s %10s %14s %16s %7s%n", "K", "width", "params", "steps/s",
                                "model-steps/s", "model-GFLOP/s", "MFU");
                        pw.flush();
                    }
                    int point = 0;
                    for (int k : models) {
                        for (int w : widths) {
                            progress.printf("bench backends: %s K=%d width=%d (point %d of %d)...%n", id, k, w,
                                    ++point, models.size() * widths.size());
                            progress.flush();
                            Point p = measure(backend, id, k, w, peak);
                            points.add(p);
                            if (!json) {
                                pw.printf("%6d %6d %10d %10.2f %14.1f %16.2f %6.1f%%%n", k, w, p.params(),
                                        p.stepsPerSecond(), p.modelStepsPerSecond(), p.modelFlopsPerSecond() / 1e9,
                                        100 * p.mfu());
                                pw.flush();
                            }
                        }
                    }
                }
            }
            UserInputException.require(!points.isEmpty(), "no backend could run (" + unavailable + ")");
            List<String> crossovers = crossovers(points);
            Path png = out.resolve("backends.png");
            if (json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("workload", Map.of("input", input, "depth", depth, "batch", batch, "optimizer", "adam",
                        "loss", "mse", "activation", "relu", "steps", steps, "warmup", warmup));
                doc.put("devices", devices);
                doc.put("gemm_peak_flops", peaks);
                doc.put("unavailable", unavailable);
                List<Map<String, Object>> rows = new ArrayList<>();
                for (Point p : points) {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("backend", p.backend());
                    r.put("models", p.models());
                    r.put("width", p.width());
                    r.put("params", p.params());
                    r.put("steps_per_second", p.stepsPerSecond());
                    r.put("model_steps_per_second", p.modelStepsPerSecond());
                    r.put("model_flops_per_second", p.modelFlopsPerSecond());
                    r.put("mfu", p.mfu());
                    rows.add(r);
                }
                doc.put("points", rows);
                doc.put("crossovers", crossovers);
                doc.put("plot_png", png.toAbsolutePath().toString());
                pw.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
            } else {
                pw.println();
                crossovers.forEach(c -> pw.println("crossover: " + c));
                pw.println("plot: " + png.toAbsolutePath() + " (and .svg)");
            }
            pw.flush();
            new Pictures(plotter, spec.commandLine().getErr()).draw(png, Figure.of(() -> chart(points), 72));
            return 0;
        }

        private static List<String> availableNames() {
            List<String> names = new ArrayList<>();
            names.add("cpu");
            for (String part : Backends.available().split(",\\s*")) {
                String name = part.replace("(alias nd4j)", "").trim();
                if (!name.isEmpty() && !names.contains(name)) {
                    names.add(name);
                }
            }
            return names;
        }

        /** FP32 GEMM rate of the backend (best of 5 timed calls after 2 untimed ones), in FLOP/s. */
        static double gemmPeak(ComputeBackend backend, int n) {
            Tensor a = backend.allocate(1, n, n);
            Tensor b = backend.allocate(1, n, n);
            Tensor c = backend.allocate(1, n, n);
            Rng rng = new Rng(1);
            float[] values = new float[n * n];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) rng.uniform(-1, 1);
            }
            backend.upload(values, a);
            backend.upload(values, b);
            double best = Double.MAX_VALUE;
            for (int rep = 0; rep < 7; rep++) {
                backend.synchronize();
                long t0 = System.nanoTime();
                backend.batchedMatmul(a, false, b, false, c);
                backend.synchronize();
                double s = (System.nanoTime() - t0) / 1e9;
                if (rep >= 2) {
                    best = Math.min(best, s);
                }
            }
            return 2.0 * n * n * (double) n / best;
        }

        /** The timed run's least length, in seconds (it takes more steps than --steps when they are fast). */
        private static final double MIN_TIMED_SECONDS = 0.2;
        /**
         * The warm-up repeats until two runs' step times agree within this factor, each run at least
         * {@link #MIN_WARMUP_RUN_SECONDS} long (runs of a few milliseconds agree with each other while the JIT is
         * still compiling the kernels: measured, the first point then ran 3.5× below the same point measured later) ...
         */
        private static final double SETTLED = 1.1;
        private static final double MIN_WARMUP_RUN_SECONDS = 0.1;
        /** ... or for at most this long. */
        private static final double MAX_WARMUP_SECONDS = 20;

        /** Warm-up runs (of {@code settings}' budget at first) until the step time settles; its seconds per step. */
        private static double warmUp(ComputeBackend backend, MlpBatch models, TrainSpec train,
                                     List<ModelSettings> settings, List<TaskData> data) {
            long start = System.nanoTime();
            double previous = Double.POSITIVE_INFINITY;
            List<ModelSettings> run = settings;
            while (true) {
                long t0 = System.nanoTime();
                new Trainer(backend).train(models, train, run, data, m -> { });
                backend.synchronize();
                int steps = run.get(0).maxSteps();
                double perStep = (System.nanoTime() - t0) / 1e9 / steps;
                boolean longEnough = perStep * steps >= MIN_WARMUP_RUN_SECONDS;
                if (longEnough && perStep <= previous * SETTLED && previous <= perStep * SETTLED
                        || (System.nanoTime() - start) / 1e9 > MAX_WARMUP_SECONDS) {
                    return perStep;
                }
                previous = longEnough ? perStep : Double.POSITIVE_INFINITY;
                int next = (int) Math.min(100_000, Math.max(steps, Math.ceil(MIN_WARMUP_RUN_SECONDS / perStep)));
                run = run.stream().map(s -> s.withBudget(next, next)).toList();
            }
        }

        private Point measure(ComputeBackend backend, String id, int k, int width, double peak) {
            MlpSpec mlp = MlpSpec.uniform(input, width, depth, 1, Activation.RELU);
            // Warm-up in a run of its own (JIT, first-call and allocation costs), then the timed run: it logs only
            // at steps `timed` and 2·timed (a log step ends a launch, so logging every step would wait for the
            // device every step, see LaunchPlan) and the clock runs between the two.
            // The warm-up runs again until its step time settles (issue 20, item 6: on the CPU the first point
            // measured, K = 1 at W = 32, ran 3.1 steps/s against 64 at W = 128, because 5 steps left the fused
            // kernels in the interpreter and the Vector API's slow fallback until C2 compiled them), and the timed
            // run is made long enough (about 0.2 s) that one slow step does not decide the point.
            TrainSpec train = new TrainSpec(LossKind.MSE, OptimizerSpec.adam(), 0);
            ModelSettings warm = ModelSettings.of(1e-3, warmup, 0, warmup);
            List<ModelSettings> warmSettings = new ArrayList<>(k);
            List<TaskData> data = new ArrayList<>(k);
            for (int m = 0; m < k; m++) {
                warmSettings.add(warm.withSeed(m));
                data.add(new TaskData(randomData(m), null));
            }
            MlpBatch batchOfModels = MlpBatch.initialize(backend, mlp, InitSpec.torchDefault(), warmSettings);
            double warmStep = warmUp(backend, batchOfModels, train, warmSettings, data);
            int timed = (int) Math.max(steps, Math.min(100_000, Math.ceil(MIN_TIMED_SECONDS / warmStep)));
            ModelSettings timedRun = ModelSettings.of(1e-3, 2 * timed, 0, timed);
            List<ModelSettings> settings = new ArrayList<>(k);
            for (int m = 0; m < k; m++) {
                settings.add(timedRun.withSeed(m));
            }
            double[] wall = new double[2 * timed + 1];
            new Trainer(backend).train(batchOfModels, train, settings, data, m -> {
                if (m.model() == 0) {
                    wall[(int) m.step()] = m.wallSeconds();
                }
            });
            double seconds = wall[2 * timed] - wall[timed];
            double stepsPerSecond = timed / seconds;
            double flops = mlp.trainingFlops(batch) * k * stepsPerSecond;
            return new Point(id, k, width, mlp.parameterCount(), stepsPerSecond, flops, flops / peak);
        }

        private Dataset randomData(long seed) {
            Rng rng = Rng.forPurpose(seed, "bench");
            float[] x = new float[batch * input];
            float[] y = new float[batch];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) rng.normal();
            }
            for (int i = 0; i < y.length; i++) {
                y[i] = (float) rng.normal();
            }
            return new Dataset(batch, input, 1, x, y, null);
        }

        /** For each K: the smallest width from which a GPU backend's model-steps/s beats the CPU's, if any. */
        static List<String> crossovers(List<Point> points) {
            List<String> out = new ArrayList<>();
            List<String> backends = points.stream().map(Point::backend).distinct().toList();
            if (!backends.contains("nd4j-cpu") || backends.size() < 2) {
                out.add("none: only " + String.join(", ", backends) + " measured, nothing to compare");
                return out;
            }
            for (String other : backends) {
                if (other.equals("nd4j-cpu")) {
                    continue;
                }
                for (int k : points.stream().mapToInt(Point::models).distinct().sorted().toArray()) {
                    Integer from = null;
                    List<Point> cpu = select(points, "nd4j-cpu", k);
                    List<Point> gpu = select(points, other, k);
                    for (int i = cpu.size() - 1; i >= 0; i--) {
                        Point c = cpu.get(i);
                        Point g = gpu.stream().filter(p -> p.width() == c.width()).findFirst().orElse(null);
                        if (g == null || g.stepsPerSecond() <= c.stepsPerSecond()) {
                            break;
                        }
                        from = c.width();
                    }
                    out.add(String.format("K = %d: %s", k, from == null ? other + " never beats the CPU on this grid"
                            : other + " beats the CPU from width " + from + " up"));
                }
            }
            return out;
        }

        private static List<Point> select(List<Point> points, String backend, int k) {
            return points.stream().filter(p -> p.backend().equals(backend) && p.models() == k)
                    .sorted((a, b) -> Integer.compare(a.width(), b.width())).toList();
        }

        private XYChart chart(List<Point> points) {
            XYChart chart = new XYChartBuilder().width(900).height(560)
                    .title(String.format("Training throughput vs width: %d→width×%d→1 MLP, Adam, batch %d", input, depth,
                            batch))
                    .xAxisTitle("hidden width").yAxisTitle("model-steps per second (K models × steps/s)").build();
            chart.getStyler().setXAxisLogarithmic(true);
            chart.getStyler().setYAxisLogarithmic(true);
            chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
            chart.getStyler().setChartBackgroundColor(Color.WHITE);
            chart.getStyler().setPlotGridLinesVisible(true);
            Color[] palette = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd),
                new Color(0xff7f0e), new Color(0x8c564b)};
            int i = 0;
            for (String backend : points.stream().map(Point::backend).distinct().toList()) {
                for (int k : points.stream().mapToInt(Point::models).distinct().sorted().toArray()) {
                    List<Point> series = select(points, backend, k);
                    if (series.isEmpty()) {
                        continue;
                    }
                    XYSeries s = chart.addSeries(backend + ", K = " + k,
                            series.stream().mapToDouble(Point::width).toArray(),
                            series.stream().mapToDouble(Point::modelStepsPerSecond).toArray());
                    Color color = palette[i++ % palette.length];
                    s.setLineColor(color);
                    s.setMarkerColor(color);
                    s.setMarker(backend.equals("nd4j-cpu") ? SeriesMarkers.CIRCLE : SeriesMarkers.SQUARE);
                }
            }
            LogAxes.readable(chart);
            return chart;
        }

        @Override
        public String toString() {
            return "bench backends " + Arrays.asList(widths) + " " + models;
        }
    }
}
