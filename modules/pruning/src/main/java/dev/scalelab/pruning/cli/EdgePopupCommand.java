package dev.scalelab.pruning.cli;

import dev.scalelab.core.run.AtomicFiles;
import dev.scalelab.core.run.Provenance;
import dev.scalelab.core.run.RunLogs;
import dev.scalelab.core.spec.LossKind;
import dev.scalelab.core.spec.OptimizerSpec;
import dev.scalelab.core.spec.TrainSpec;
import dev.scalelab.core.task.TaskData;
import dev.scalelab.engine.compute.Backends;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.compute.Precision;
import dev.scalelab.engine.train.TrainingListener;
import dev.scalelab.pruning.config.ConfigReader;
import dev.scalelab.pruning.config.ExperimentSetup;
import dev.scalelab.pruning.net.BiasFreeTraining;
import dev.scalelab.pruning.popup.EdgePopup;
import dev.scalelab.pruning.report.Charts;
import dev.scalelab.pruning.report.RunLogWriter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code scalelab prune edge-popup CONFIG}: supermasks on frozen random weights, accuracy against the kept
 * fraction k for both weight inits, next to the same network trained densely.
 *
 * <pre>
 * name: edge-popup-fmnist
 * task: {kind: fashion_mnist}
 * model: {widths: [300, 100]}
 * train: {optimizer: sgd, lr: 0.1, momentum: 0.9, batch_size: 128, steps: 2000}
 * seeds: [1]
 * popup: {k: [0.1, 0.3, 0.5, 0.7, 0.9], inits: [signed_constant, kaiming_normal], weight_decay: 0.0005,
 *         dense_lr: 0.001}
 * </pre>
 */
@Command(name = "edge-popup", mixinStandardHelpOptions = true,
        description = "Edge-popup: learn which weights of a frozen random network to keep (top k%% by learned score "
                + "per layer, straight-through gradients); accuracy vs k for signed-constant and Kaiming-normal "
                + "weights, next to the dense trained network.")
public final class EdgePopupCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONFIG", description = "YAML config, e.g. configs/prune-edge-popup.yaml")
    Path config;

    @Option(names = "--out", paramLabel = "DIR", description = "output root (default out/prune/edge-popup)")
    Path out;

    @Option(names = "--json", description = "print one JSON document instead of the table")
    boolean json;

    private static double mean(double[] values) {
        return java.util.Arrays.stream(values).average().orElse(Double.NaN);
    }

    @Override
    public Integer call() throws Exception {
        ConfigReader root = ConfigReader.load(config);
        Set<String> keys = new HashSet<>(ExperimentSetup.KEYS);
        keys.addAll(Set.of("name", "description", "popup"));
        root.allowOnly(keys);
        String name = root.string("name", "edge-popup");
        root.string("description", "");
        ExperimentSetup setup = ExperimentSetup.read(root, List.of(300, 100));
        ConfigReader p = root.section("popup").allowOnly(Set.of("k", "inits", "weight_decay", "dense_lr"));
        List<Double> ks = p.numbers("k", List.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9), 1e-6, 1);
        List<EdgePopup.WeightInit> inits = new ArrayList<>();
        for (String s : p.strings("inits", List.of("signed_constant", "kaiming_normal"))) {
            inits.add(ExperimentSetup.parse(p, "inits", () -> EdgePopup.WeightInit.parse(s, "popup.inits")));
        }
        double wd = p.number("weight_decay", 5e-4, 0, 1);
        double denseLr = p.number("dense_lr", 1e-3, 1e-9, 10);
        List<EdgePopup.Variant> variants = new ArrayList<>();
        for (EdgePopup.WeightInit init : inits) {
            for (double k : ks) {
                variants.add(new EdgePopup.Variant(init, k));
            }
        }
        var train = setup.train();
        dev.scalelab.core.UserInputException.require(
                train.optimizer().kind() == dev.scalelab.core.spec.OptimizerKind.SGD,
                root.problem("train", "edge-popup trains the scores with SGD (momentum, cosine schedule); set "
                        + "train.optimizer: sgd").getMessage());
        TaskData data = Common.load(setup.task());
        int batch = train.effectiveBatch(data.train().size());
        long seed = setup.seeds().get(0);
        EdgePopup.Spec es = new EdgePopup.Spec(setup.model(), variants, train.maxSteps(), batch,
                train.optimizer().learningRate(), train.optimizer().momentum(), wd, seed);
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path dir = Common.outDir(out, "edge-popup").resolve(name);
        Files.createDirectories(dir);
        EdgePopup.Result r;
        BiasFreeTraining.Result dense;
        Map<String, Object> resolved = root.resolved();
        try (ComputeBackend backend = Backends.create(setup.backend(), Precision.FP32)) {
            Provenance provenance = Common.provenance(backend, "scalelab prune edge-popup " + config);
            err.printf(Locale.ROOT, "dense baseline %s without biases, Adam lr %s, %d steps ...%n", setup.model(),
                    denseLr, train.maxSteps());
            err.flush();
            try (RunLogWriter logs = new RunLogWriter(List.of(dir.resolve("dense")))) {
                dense = BiasFreeTraining.train(backend, setup.model(), data,
                        SubsetSumCommand.torchInit(setup.model(), seed), new TrainSpec(LossKind.CROSS_ENTROPY,
                                OptimizerSpec.adam(denseLr), batch, train.maxSteps(), 0, train.maxSteps()), seed,
                        logs.listener(TrainingListener.NONE));
                Map<String, Object> flat = new TreeMap<>(resolved);
                flat.put("popup.branch", "dense");
                flat.put("seed", seed);
                logs.finish(0, name + "/dense", dense.outcome(), setup.model().weightCount(), flat, seed, 1,
                        provenance, dense.seconds());
            }
            err.printf(Locale.ROOT, "dense: %.2f %% (%.0f s); edge-popup, %d models batched ...%n",
                    100 * dense.testAccuracy(), dense.seconds(), variants.size());
            err.flush();
            double[] losses = new double[variants.size()];
            double[] accuracies = new double[variants.size()];
            List<Path> runLogs = variants.stream().map(v -> dir.resolve(v.label())).toList();
            try (RunLogWriter logs = new RunLogWriter(runLogs)) {
                r = EdgePopup.train(backend, es, data, Math.max(1, train.maxSteps() / 10), logs.listener(m -> {
                    losses[m.model()] = m.trainLoss();
                    accuracies[m.model()] = m.testAccuracy();
                    if (m.model() == variants.size() - 1) {
                        err.printf(Locale.ROOT, "  step %d: training loss %.4f, test accuracy %.2f %% (means over "
                                + "the %d models)%n", m.step(), mean(losses), 100 * mean(accuracies), variants.size());
                        err.flush();
                    }
                }));
                for (int m = 0; m < variants.size(); m++) {
                    EdgePopup.Variant v = variants.get(m);
                    Map<String, Object> flat = new TreeMap<>(resolved);
                    flat.put("popup.branch", "edge_popup");
                    flat.put("popup.init", v.init().label());
                    flat.put("popup.k", v.k());
                    flat.put("seed", seed);
                    logs.finish(m, name + "/" + v.label(), r.outcomes().get(m), v.keptWeights(setup.model()), flat,
                            seed, variants.size(), provenance, r.seconds());
                }
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < variants.size(); i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("init", variants.get(i).init().label());
            row.put("k", variants.get(i).k());
            row.put("test_accuracy", r.testAccuracy()[i]);
            row.put("final_train_loss", RunLogs.finite(r.finalTrainLoss()[i]));
            rows.add(row);
        }
        List<Charts.Series> series = new ArrayList<>();
        for (EdgePopup.WeightInit init : inits) {
            double[] x = ks.stream().mapToDouble(Double::doubleValue).toArray();
            double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                y[i] = 100 * r.testAccuracy()[variants.indexOf(new EdgePopup.Variant(init, x[i]))];
            }
            series.add(new Charts.Series("edge-popup, " + init.label() + " weights (frozen)", x, y, null));
        }
        series.add(new Charts.Series(String.format(Locale.ROOT, "dense trained (Adam, no biases): %.2f %%",
                100 * dense.testAccuracy()), new double[] {ks.get(0), ks.get(ks.size() - 1)},
                new double[] {100 * dense.testAccuracy(), 100 * dense.testAccuracy()}, null));
        Path png = Charts.write(dir, "accuracy_vs_k", String.format(Locale.ROOT,
                "Edge-popup on %s %s, %d steps, seed %d", setup.task().kind(), setup.model(), train.maxSteps(), seed),
                "k (fraction of weights kept per layer)", "test accuracy (%)", false, series);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema_version", RunLogs.SCHEMA_VERSION);
        doc.put("config", config.toString());
        doc.put("model", setup.model().toString());
        doc.put("steps", train.maxSteps());
        doc.put("dense_test_accuracy", dense.testAccuracy());
        doc.put("dense_seconds", dense.seconds());
        doc.put("popup_seconds", r.seconds());
        doc.put("results", rows);
        doc.put("plot", png.toString());
        AtomicFiles.write(dir.resolve("results.json"), RunLogs.pretty(doc));
        if (json) {
            o.print(new String(RunLogs.pretty(doc), java.nio.charset.StandardCharsets.UTF_8));
        } else {
            o.printf(Locale.ROOT, "dense trained (no biases): %.2f %%%n", 100 * dense.testAccuracy());
            o.printf(Locale.ROOT, "%-16s %6s %10s%n", "init", "k", "test acc%");
            for (Map<String, Object> row : rows) {
                o.printf(Locale.ROOT, "%-16s %6.2f %10.2f%n", row.get("init"), (Double) row.get("k"),
                        100 * (Double) row.get("test_accuracy"));
            }
            o.println("plot: " + png + " (and .svg); results: " + dir.resolve("results.json") + "; run logs: "
                    + dir + "/<init>_k<k>/, " + dir + "/dense/");
        }
        o.flush();
        return 0;
    }
}
