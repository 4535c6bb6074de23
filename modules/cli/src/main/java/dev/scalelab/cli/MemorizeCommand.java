package dev.scalelab.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.scalelab.cli.plot.PhaseDiagramPlot;
import dev.scalelab.core.UserInputException;
import dev.scalelab.core.plot.Figure;
import dev.scalelab.core.plot.Pictures;
import dev.scalelab.core.plot.Plotter;
import dev.scalelab.core.run.OutputPaths;
import dev.scalelab.core.spec.Activation;
import dev.scalelab.core.spec.MlpSpec;
import dev.scalelab.core.util.AvailableMemory;
import dev.scalelab.engine.compute.Backends;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.compute.Precision;
import dev.scalelab.engine.memorization.MemorizationSpec;
import dev.scalelab.engine.memorization.PhaseDiagram;
import dev.scalelab.engine.memorization.RandomFeatureCertificate;
import dev.scalelab.engine.memorization.WidthResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scalelab memorize}: trained capacity, the exact certificate, and the phase diagram. */
@Command(name = "memorize", mixinStandardHelpOptions = true,
        description = {"How many parameters does a network need to memorize N random points?",
            "For each hidden width H: train d→H→1 networks on N random points (all seeds batched), count the seeds "
                + "that reach the target MSE, and compute the exact certificate of Theorem 2.1 (random ReLU features"
                + " + minimum-norm pseudoinverse). Prints the table and writes the phase diagram (PNG + SVG)."})
public final class MemorizeCommand implements Callable<Integer> {
    private final Plotter plotter;

    @Spec
    private CommandSpec spec;

    @Option(names = "--n", description = "number of points N (default ${DEFAULT-VALUE})", defaultValue = "100")
    private int n;

    @Option(names = "--d", description = "input dimension d (default ${DEFAULT-VALUE})", defaultValue = "10")
    private int d;

    @Option(names = "--widths", split = ",", description = "hidden widths H (default ${DEFAULT-VALUE})",
            defaultValue = "2,3,4,6,8,10,13,17,20,25,35,50,75,100,125,150")
    private List<Integer> widths;

    @Option(names = "--seeds", description = "trials per width (default ${DEFAULT-VALUE})", defaultValue = "10")
    private int seeds;

    @Option(names = "--first-seed", description = "seed of the first trial (default ${DEFAULT-VALUE})",
            defaultValue = "0")
    private long firstSeed;

    @Option(names = "--lr", description = "Adam learning rate (default ${DEFAULT-VALUE})", defaultValue = "0.01")
    private double lr;

    @Option(names = "--steps", description = "step budget (default ${DEFAULT-VALUE})", defaultValue = "1000")
    private int steps;

    @Option(names = "--target", description = "success threshold on the training MSE (default ${DEFAULT-VALUE})",
            defaultValue = "1e-4")
    private double target;

    @Option(names = "--activation", description = "hidden activation (default ${DEFAULT-VALUE})",
            defaultValue = "relu")
    private String activation;

    @Option(names = "--backend", description = "compute backend: " + Backends.AVAILABLE + " (default ${DEFAULT-VALUE})",
            defaultValue = "cpu")
    private String backendName;

    @Option(names = "--plot", description = "directory for memorization.png/.svg (default ${DEFAULT-VALUE})",
            defaultValue = "out/memorize")
    private Path plotDir;

    @Option(names = "--json", description = "print one JSON document instead of the table")
    private boolean json;

    public MemorizeCommand() {
        this(Plotter.files());
    }

    public MemorizeCommand(Plotter plotter) {
        this.plotter = plotter;
    }

    @Override
    public Integer call() throws Exception {
        MemorizationSpec experiment = new MemorizationSpec(n, d, widths, seeds, firstSeed, lr, steps, target,
                Activation.parse(activation, "--activation"));
        java.util.OptionalLong available = AvailableMemory.availableBytes();
        if (available.isPresent() && experiment.peakBytes() > available.getAsLong()) {
            throw new UserInputException(String.format(java.util.Locale.ROOT, "--seeds %d × --widths up to %d needs "
                    + "about %.1f GB of memory, more than the %.1f GB available here; use fewer --seeds or smaller "
                    + "--widths", seeds, java.util.Collections.max(experiment.widths()), experiment.peakBytes() / 1e9,
                    available.getAsLong() / 1e9));
        }
        OutputPaths.prepareDirectory(plotDir, "--plot");
        PrintWriter out = spec.commandLine().getOut();
        List<WidthResult> results;
        String backendId;
        String device;
        try (ComputeBackend backend = Backends.create(backendName, Precision.FP32)) {
            int widest = java.util.Collections.max(experiment.widths());
            backend.tuneThreads(MlpSpec.trainingFlops(experiment.parameters(widest), (long) n * seeds), 1, 0);
            backendId = backend.name();
            device = backend.device();
            if (!json) {
                printHeader(out, experiment, backend);
            }
            results = new PhaseDiagram(backend).run(experiment, r -> {
                if (!json) {
                    printRow(out, r);
                }
            });
        }
        Path png = plotDir.resolve(PhaseDiagramPlot.PNG);
        if (json) {
            printJson(out, experiment, results, png, backendId, device);
        } else {
            printConclusions(out, experiment, results, png);
        }
        new Pictures(plotter, spec.commandLine().getErr())
                .draw(png, Figure.of(() -> PhaseDiagramPlot.chart(experiment, results), 72));
        return 0;
    }

    private static void printHeader(PrintWriter out, MemorizationSpec e, ComputeBackend backend) {
        out.printf("Memorization capacity: N = %d random points x ~ N(0, I_%d), y ~ N(0, 1); %s net %d→H→1%n",
                e.n(), e.d(), e.activation(), e.d());
        out.printf("trained: Adam lr %s, full batch, ≤ %d steps, success = training MSE < %s; %d seeds per width, "
                + "batched as K = %d models%n", PhaseDiagramPlot.plain(e.learningRate()), e.maxSteps(),
                PhaseDiagramPlot.plain(e.targetLoss()), e.seeds(),
                e.seeds());
        out.printf("certificate: m = H random ReLU features (w, b ~ N(0, I)), a = Φ⁺y; exact when ‖Φa − y‖/‖y‖ ≤ 1e-6%n");
        out.printf("backend: %s on %s; OPENBLAS_CORETYPE=%s (%s)%n%n", backend.name(), backend.device(),
                envOr("OPENBLAS_CORETYPE", "unset"), envOr("SCALELAB_OPENBLAS_CORETYPE_SOURCE", "not set by launcher"));
        out.printf("%6s %8s %9s | %9s %12s %16s | %9s %7s %16s | %9s %9s%n", "H", "params", "params/N", "trained",
                "median steps", "median final MSE", "min rank", "exact", "median residual", "train s", "certs s");
        out.flush();
    }

    private static void printRow(PrintWriter out, WidthResult r) {
        out.printf("%6d %8d %9.2f | %4d/%-4d %12s %16.3e | %9d %3d/%-3d %16.3e | %9.3f %9.3f%n", r.width(),
                r.parameters(), r.parametersPerPoint(), r.successes(), r.trials(),
                r.stepsToSuccess().isEmpty() ? "-" : String.valueOf(r.medianStepsToSuccess()),
                r.medianFinalLoss(), r.minCertificateRank(), r.exactCertificates(), r.trials(),
                r.medianCertificateResidual(), r.trainingSeconds(), r.certificateSeconds());
        out.flush();
    }

    private static void printConclusions(PrintWriter out, MemorizationSpec e, List<WidthResult> results, Path png) {
        out.println();
        WidthResult firstAll = results.stream().filter(r -> r.successes() == r.trials()).findFirst().orElse(null);
        WidthResult firstAny = results.stream().filter(r -> r.successes() > 0).findFirst().orElse(null);
        out.println("1. Trained capacity: " + (firstAny == null
                ? "no width memorized within the budget."
                : String.format("smallest width with any success H = %d (%d params, %.2f per point); ",
                        firstAny.width(), firstAny.parameters(), firstAny.parametersPerPoint())
                        + (firstAll == null ? "no width memorized with every seed."
                        : String.format("smallest with %d/%d: H = %d (%d params, %.2f per point).",
                                firstAll.trials(), firstAll.trials(), firstAll.width(), firstAll.parameters(),
                                firstAll.parametersPerPoint()))));
        WidthResult exact = results.stream().filter(r -> r.exactCertificates() == r.trials()).findFirst().orElse(null);
        out.println("2. Exact certificate: " + (exact == null
                ? "no width gave rank N with every seed (Theorem 2.1 needs m ≥ N = " + e.n() + ")."
                : String.format("smallest m with residual ≤ 1e-6 for every seed: m = %d (rank %d; theorem: m ≥ N = %d)."
                        , exact.width(), exact.minCertificateRank(), e.n())));
        out.printf("3. Time: training %.2f s, certificates %.2f s (all widths; wall time, JVM start and plot "
                + "excluded)%n", totalTraining(results), totalCertificates(results));
        out.println("4. Phase diagram: " + png.toAbsolutePath() + " (and .svg)");
    }

    private void printJson(PrintWriter out, MemorizationSpec e, List<WidthResult> results, Path png, String backend,
                           String device) throws Exception {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("experiment", "memorization");
        doc.put("n", e.n());
        doc.put("d", e.d());
        doc.put("activation", e.activation().id());
        doc.put("optimizer", Map.of("kind", "adam", "lr", e.learningRate()));
        doc.put("max_steps", e.maxSteps());
        doc.put("target_loss", e.targetLoss());
        doc.put("seeds", e.seeds());
        doc.put("first_seed", e.firstSeed());
        doc.put("backend", backend);
        doc.put("device", device);
        doc.put("openblas_coretype", envOr("OPENBLAS_CORETYPE", null));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (WidthResult r : results) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("width", r.width());
            row.put("params", r.parameters());
            row.put("params_per_point", r.parametersPerPoint());
            row.put("trials", r.trials());
            row.put("successes", r.successes());
            row.put("diverged", r.diverged());
            row.put("steps_to_success", r.stepsToSuccess());
            row.put("final_train_mse", r.finalLosses().stream().map(v -> Double.isFinite(v) ? v : null).toList());
            List<Map<String, Object>> certs = new ArrayList<>();
            for (RandomFeatureCertificate.Result c : r.certificates()) {
                certs.add(Map.of("features", c.features(), "rank", c.rank(), "relative_residual",
                        c.relativeResidual(), "exact", c.relativeResidual() <= PhaseDiagram.EXACT_RESIDUAL));
            }
            row.put("certificates", certs);
            row.put("training_seconds", r.trainingSeconds());
            row.put("certificate_seconds", r.certificateSeconds());
            rows.add(row);
        }
        doc.put("widths", rows);
        doc.put("training_seconds", totalTraining(results));
        doc.put("certificate_seconds", totalCertificates(results));
        doc.put("plot_png", png.toAbsolutePath().toString());
        doc.put("plot_svg", Plotter.svgOf(png).toAbsolutePath().toString());
        out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
        out.flush();
    }

    private static double totalTraining(List<WidthResult> results) {
        return results.stream().mapToDouble(WidthResult::trainingSeconds).sum();
    }

    private static double totalCertificates(List<WidthResult> results) {
        return results.stream().mapToDouble(WidthResult::certificateSeconds).sum();
    }

    private static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
