package dev.scalelab.pruning.cli;

import dev.scalelab.core.UserInputException;
import dev.scalelab.core.plot.Figure;
import dev.scalelab.core.plot.Pictures;
import dev.scalelab.core.plot.Plotter;
import dev.scalelab.core.run.AtomicFiles;
import dev.scalelab.core.run.RunLogs;
import dev.scalelab.core.spec.MlpSpec;
import dev.scalelab.core.spec.ModelSettings;
import dev.scalelab.core.task.TaskData;
import dev.scalelab.core.util.Rng;
import dev.scalelab.engine.compute.Backends;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.compute.Precision;
import dev.scalelab.engine.model.MlpBatch;
import dev.scalelab.engine.train.Evaluator;
import dev.scalelab.engine.train.TrainingListener;
import dev.scalelab.pruning.config.ExperimentSetup;
import dev.scalelab.pruning.config.PruneConfig;
import dev.scalelab.pruning.config.PruneFields;
import dev.scalelab.pruning.net.BiasFreeTraining;
import dev.scalelab.pruning.report.Charts;
import dev.scalelab.pruning.report.ErrorCdf;
import dev.scalelab.pruning.report.RunLogWriter;
import dev.scalelab.core.run.RunStore;
import dev.scalelab.pruning.subsetsum.PensiaConstruction;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.XYChart;
import picocli.CommandLine.Command;

/**
 * {@code scalelab prune subset-sum CONFIG}: train a bias-free ReLU target, rebuild it by pruning a random
 * Uniform[−1, 1] network of twice the depth (Pensia et al.), and compare the two on the test set.
 *
 * <pre>
 * name: subset-sum-fmnist
 * task: {kind: fashion_mnist}
 * model: {widths: [500]}
 * train: {optimizer: adam, lr: 0.001, batch_size: 128, steps: 4000}
 * seeds: [1]
 * construction: {n: 21, epsilon: 0.01, seed: 7, threads: 2}
 * </pre>
 */
@Command(name = "subset-sum", mixinStandardHelpOptions = true,
        description = "Train a bias-free target MLP, then realise every weight by pruning a random network of twice "
                + "the depth with exact subset sum (Pensia et al. 2020); report per-weight errors, fraction kept, "
                + "over-parameterisation, and both networks' test accuracy.")
public final class SubsetSumCommand extends PruneCommandBase {
    public SubsetSumCommand() {
        this(Plotter.files());
    }

    public SubsetSumCommand(Plotter plotter) {
        super(plotter);
    }

    @Override
    public Integer call() throws Exception {
        PruneConfig c = PruneConfig.load(config, PruneFields.SUBSET_SUM_SCHEMA, "subset-sum");
        String name = c.name();
        ExperimentSetup setup = ExperimentSetup.read(c);
        int threads = c.integer("construction.threads");
        PensiaConstruction.Spec cs = c.check("construction.n", () -> new PensiaConstruction.Spec(
                c.integer("construction.n"), c.real("construction.epsilon"), c.longValue("construction.seed"),
                threads == 0 ? Runtime.getRuntime().availableProcessors() : threads));
        UserInputException.require(setup.train().optimizer().kind() == dev.scalelab.core.spec.OptimizerKind.ADAM,
                c.problem("train", "the bias-free target is trained with Adam; set train.optimizer: adam")
                        .getMessage());
        UserInputException.require(setup.model().activation() == dev.scalelab.core.spec.Activation.RELU,
                c.problem("model", "the construction needs ReLU activations").getMessage());
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path dir = PruneCommandSupport.runDir(out, "subset-sum", name);
        Files.createDirectories(dir);
        TaskData data = PruneCommandSupport.load(setup.task());
        MlpSpec target = setup.model();
        long seed = setup.seeds().get(0);
        Map<String, Object> doc = new LinkedHashMap<>();
        Map<String, Object> resolved = c.flat();
        Path png = dir.resolve("weight_errors.png");
        PensiaConstruction.Result built;
        try (ComputeBackend backend = Backends.create(setup.backend(), Precision.FP32)) {
            err.printf(Locale.ROOT, "training the bias-free target %s (%d steps) ...%n", target,
                    setup.perModel().maxSteps());
            err.flush();
            ModelSettings model = setup.perModel();
            RunLogWriter logs = new RunLogWriter(new RunStore(dir, true), List.of("target"));
            BiasFreeTraining.Result t = BiasFreeTraining.train(backend, target, data, torchInit(target, seed),
                    setup.train(), model.withBudget(model.maxSteps(), model.maxSteps()).withSeed(seed),
                    logs.listener(TrainingListener.NONE));
            Map<String, Object> flat = new TreeMap<>(resolved);
            flat.put("seed", seed);
            logs.finish(0, name + "/target", t.outcome(), target.weightCount(), flat, seed, 1,
                    PruneCommandSupport.provenance(backend, spec), t.seconds());
            err.printf(Locale.ROOT, "target: test accuracy %.2f %% (%.0f s); building the random network ...%n",
                    100 * t.testAccuracy(), t.seconds());
            err.flush();
            double maxAbs = 0;
            for (double[] w : t.weights()) {
                for (double v : w) {
                    maxAbs = Math.max(maxAbs, Math.abs(v));
                }
            }
            PensiaConstruction.Result r = PensiaConstruction.build(target, t.weights(), cs);
            err.printf(Locale.ROOT, "construction: %.1f s on %d threads; evaluating the pruned random network ...%n",
                    r.seconds(), cs.threads());
            err.flush();
            MlpSpec random = r.random();
            List<double[]> biases = new ArrayList<>();
            for (int l = 0; l < random.layerCount(); l++) {
                biases.add(new double[random.fanOut(l)]);
            }
            double prunedAcc;
            long e0 = System.nanoTime();
            try (ComputeBackend eval = Backends.create(setup.backend(), Precision.FP32)) {
                MlpBatch net = MlpBatch.of(eval, random, 1, r.prunedWeights(), biases);
                prunedAcc = new Evaluator(eval).evaluate(net, setup.train().loss(), List.of(data.test()))
                        .accuracy()[0];
            }
            double evalSeconds = (System.nanoTime() - e0) / 1e9;
            doc.put("schema_version", RunLogs.SCHEMA_VERSION);
            doc.put("config", config.toString());
            doc.put("target", target.toString());
            doc.put("target_weights", r.targetWeights());
            doc.put("target_max_abs_weight", maxAbs);
            doc.put("target_test_accuracy", t.testAccuracy());
            doc.put("target_train_seconds", t.seconds());
            doc.put("random_network", random.toString());
            doc.put("n", cs.n());
            doc.put("epsilon", cs.epsilon());
            doc.put("random_weights", r.randomWeights());
            doc.put("kept_weights", r.keptWeights());
            doc.put("fraction_kept", r.fractionKept());
            doc.put("overparameterization", r.overparameterization());
            doc.put("max_weight_error", r.maxError());
            doc.put("mean_weight_error", r.meanError());
            doc.put("weights_above_epsilon", r.weightsAboveEpsilon());
            doc.put("max_weight_error_positive_half", r.maxErrorPositiveHalf());
            doc.put("weights_above_epsilon_positive_half", r.weightsAboveEpsilonPositiveHalf());
            doc.put("pruned_test_accuracy", prunedAcc);
            doc.put("accuracy_difference_points", 100 * (prunedAcc - t.testAccuracy()));
            doc.put("construction_seconds", r.seconds());
            doc.put("evaluation_seconds", evalSeconds);
            doc.put("threads", cs.threads());
            doc.put("biases", "none: target trained without biases; the random network's biases are all zero");
            doc.put("plot", png.toString());
            built = r;
        }
        AtomicFiles.write(dir.resolve("results.json"), RunLogs.pretty(doc));
        if (json) {
            o.print(new String(RunLogs.pretty(doc), java.nio.charset.StandardCharsets.UTF_8));
        } else {
            for (Map.Entry<String, Object> e : doc.entrySet()) {
                o.printf(Locale.ROOT, "%-36s %s%n", e.getKey(), text(e.getKey(), e.getValue()));
            }
            o.println("written: " + dir.resolve("results.json") + "; the target's run log: " + dir.resolve("target"));
        }
        o.flush();
        new Pictures(plotter, err).draw(png, Figure.of(() -> errorChart(built, cs), 72));
        return 0;
    }

    /** A result as a person reads it: accuracies and fractions in percent, times in seconds, errors to 3 digits. */
    static String text(String key, Object value) {
        if (!(value instanceof Double v)) {
            return String.valueOf(value);
        }
        if (key.endsWith("accuracy") || key.equals("fraction_kept")) {
            return PruneCommandSupport.pct(v) + " %";
        }
        if (key.endsWith("_points")) {
            return String.format(Locale.ROOT, "%+.2f", v);
        }
        if (key.endsWith("_seconds")) {
            return String.format(Locale.ROOT, "%.1f s", v);
        }
        if (key.equals("overparameterization")) {
            return String.format(Locale.ROOT, "%.1f×", v);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros().toString();
    }

    /** How close the construction came: the distribution of per-weight errors, per target layer, against ε. */
    static XYChart errorChart(PensiaConstruction.Result r, PensiaConstruction.Spec cs) {
        List<Charts.Series> series = new ArrayList<>();
        double floor = cs.epsilon() * 1e-6;
        List<PensiaConstruction.LayerResult> layers = r.layers();
        for (int l = 0; l < layers.size(); l++) {
            series.add(ErrorCdf.of(String.format(Locale.ROOT, "layer %d (%d→%d), max(|A − w|, |B + w|)", l + 1,
                    r.target().fanIn(l), r.target().fanOut(l)), layers.get(l).errors(), 200, floor));
        }
        double[] plus = layers.stream().flatMapToDouble(l -> java.util.Arrays.stream(l.plusErrors())).toArray();
        series.add(ErrorCdf.of("all layers, σ(x) half |A − w| (what non-negative inputs see)", plus, 200, floor));
        series.add(new Charts.Series("ε = " + cs.epsilon(), new double[] {cs.epsilon(), cs.epsilon()},
                new double[] {0, 100}, null));
        return Charts.chart(String.format(Locale.ROOT, "Subset sum: %s rebuilt by pruning %s (n = %d, %.1f× the "
                        + "weights)", r.target(), r.random(), cs.n(), r.overparameterization()),
                "per-weight error (log; errors below " + text("floor", floor) + " drawn at it)",
                "target weights with at most this error (%)", true, series);
    }

    /** torch.nn.Linear's initial weights U(±1/√fan_in), from the seed's own stream. */
    static List<double[]> torchInit(MlpSpec spec, long seed) {
        Rng rng = Rng.forPurpose(seed, "init");
        List<double[]> w = new ArrayList<>();
        for (int l = 0; l < spec.layerCount(); l++) {
            double b = 1 / Math.sqrt(spec.fanIn(l));
            double[] v = new double[spec.fanIn(l) * spec.fanOut(l)];
            for (int i = 0; i < v.length; i++) {
                v[i] = rng.uniform(-b, b);
            }
            w.add(v);
        }
        return w;
    }
}
