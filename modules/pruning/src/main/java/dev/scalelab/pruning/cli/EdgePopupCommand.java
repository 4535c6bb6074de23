package dev.scalelab.pruning.cli;

import dev.scalelab.core.plot.Figure;
import dev.scalelab.core.plot.Pictures;
import dev.scalelab.core.plot.Plotter;
import dev.scalelab.core.run.AtomicFiles;
import dev.scalelab.core.run.RunLogs;
import dev.scalelab.core.task.TaskData;
import dev.scalelab.engine.compute.Backends;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.compute.Precision;
import dev.scalelab.pruning.config.ExperimentSetup;
import dev.scalelab.pruning.config.PruneConfig;
import dev.scalelab.pruning.config.PruneFields;
import dev.scalelab.pruning.popup.EdgePopup;
import dev.scalelab.pruning.popup.EdgePopupExperiment;
import dev.scalelab.pruning.report.Charts;
import dev.scalelab.pruning.report.MeanAndSd;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import picocli.CommandLine.Command;

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
public final class EdgePopupCommand extends PruneCommandBase {
    public EdgePopupCommand() {
        this(Plotter.files());
    }

    public EdgePopupCommand(Plotter plotter) {
        super(plotter);
    }

    @Override
    public Integer call() throws Exception {
        PruneConfig c = PruneConfig.load(config, PruneFields.EDGE_POPUP_SCHEMA, "edge-popup");
        String name = c.name();
        ExperimentSetup setup = ExperimentSetup.read(c);
        List<Double> ks = c.list("popup.k");
        List<EdgePopup.WeightInit> inits = new ArrayList<>();
        for (String s : c.<String>list("popup.inits")) {
            inits.add(EdgePopup.WeightInit.parse(s, "popup.inits"));
        }
        double wd = c.real("popup.weight_decay");
        double denseLr = c.real("popup.dense_lr");
        List<EdgePopup.Variant> variants = new ArrayList<>();
        for (EdgePopup.WeightInit init : inits) {
            for (double k : ks) {
                variants.add(new EdgePopup.Variant(init, k));
            }
        }
        var train = setup.train();
        dev.scalelab.core.UserInputException.require(
                train.optimizer().kind() == dev.scalelab.core.spec.OptimizerKind.SGD,
                c.problem("train", "edge-popup trains the scores with SGD (momentum, cosine schedule); set "
                        + "train.optimizer: sgd").getMessage());
        TaskData data = PruneCommandSupport.load(setup.task());
        int batch = train.effectiveBatch(data.train().size());
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path dir = PruneCommandSupport.runDir(out, "edge-popup", name);
        Files.createDirectories(dir);
        EdgePopupExperiment.Setup es = new EdgePopupExperiment.Setup(name, setup.model(), variants,
                setup.perModel().maxSteps(), batch, setup.perModel().learningRate(), train.optimizer().momentum(), wd,
                denseLr, c.flat());
        List<EdgePopupExperiment.SeedResult> results = new ArrayList<>();
        try (ComputeBackend backend = Backends.create(setup.backend(), Precision.FP32)) {
            EdgePopupExperiment experiment = new EdgePopupExperiment(es, dir, data, backend,
                    PruneCommandSupport.provenance(backend, spec), line -> {
                        err.println(line);
                        err.flush();
                    });
            for (long seed : setup.seeds()) {
                EdgePopupExperiment.SeedResult r = experiment.run(seed,
                        SubsetSumCommand.torchInit(setup.model(), seed));
                if (r.resumed()) {
                    err.printf(Locale.ROOT, "seed %d: complete, read from its run logs%n", seed);
                    err.flush();
                }
                results.add(r);
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        double[] mean = new double[variants.size()];
        double[] sd = new double[variants.size()];
        for (int i = 0; i < variants.size(); i++) {
            int index = i;
            double[] acc = results.stream().mapToDouble(r -> r.accuracy()[index]).toArray();
            mean[i] = MeanAndSd.mean(acc);
            sd[i] = MeanAndSd.sd(acc);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("init", variants.get(i).init().label());
            row.put("k", variants.get(i).k());
            row.put("test_accuracy_mean", mean[i]);
            row.put("test_accuracy_sd", RunLogs.finite(sd[i]));
            row.put("test_accuracy", Arrays.stream(acc).boxed().toList());
            row.put("final_train_loss", results.stream().map(r -> RunLogs.finite(r.finalTrainLoss()[index])).toList());
            rows.add(row);
        }
        double[] denseAcc = results.stream().mapToDouble(EdgePopupExperiment.SeedResult::denseAccuracy).toArray();
        Path png = dir.resolve("accuracy_vs_k.png");
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema_version", RunLogs.SCHEMA_VERSION);
        doc.put("config", config.toString());
        doc.put("model", setup.model().toString());
        doc.put("steps", setup.perModel().maxSteps());
        doc.put("seeds", setup.seeds());
        doc.put("dense_test_accuracy_mean", MeanAndSd.mean(denseAcc));
        doc.put("dense_test_accuracy_sd", RunLogs.finite(MeanAndSd.sd(denseAcc)));
        doc.put("dense_test_accuracy", Arrays.stream(denseAcc).boxed().toList());
        doc.put("seconds_per_seed", results.stream().map(EdgePopupExperiment.SeedResult::seconds).toList());
        doc.put("results", rows);
        doc.put("plot", png.toString());
        AtomicFiles.write(dir.resolve("results.json"), RunLogs.pretty(doc));
        if (json) {
            o.print(new String(RunLogs.pretty(doc), java.nio.charset.StandardCharsets.UTF_8));
        } else {
            o.printf(Locale.ROOT, "dense trained (no biases): %s %%%n",
                    PruneCommandSupport.pct(MeanAndSd.mean(denseAcc), MeanAndSd.sd(denseAcc)));
            o.printf(Locale.ROOT, "%-16s %6s %18s%n", "init", "k", "test acc% (sd)");
            for (int i = 0; i < variants.size(); i++) {
                o.printf(Locale.ROOT, "%-16s %6.2f %18s%n", variants.get(i).init().label(), variants.get(i).k(),
                        PruneCommandSupport.pct(mean[i], sd[i]));
            }
            o.println("plot: " + png + " (and .svg); results: " + dir.resolve("results.json") + "; run logs: "
                    + dir + "/<init>_k<k>_s<seed>/, " + dir + "/dense_s<seed>/");
        }
        o.flush();
        new Pictures(plotter, err).draw(png,
                Figure.of(() -> chart(setup, setup.perModel().maxSteps(), inits, ks, variants, mean, sd, denseAcc),
                        72));
        return 0;
    }

    private static XYChart chart(ExperimentSetup setup, int steps, List<EdgePopup.WeightInit> inits,
                                 List<Double> ks, List<EdgePopup.Variant> variants, double[] mean, double[] sd,
                                 double[] denseAcc) {
        List<Charts.Series> series = new ArrayList<>();
        double[] x = ks.stream().mapToDouble(Double::doubleValue).toArray();
        boolean spread = denseAcc.length > 1;
        for (EdgePopup.WeightInit init : inits) {
            double[] y = new double[x.length];
            double[] bars = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                int v = variants.indexOf(new EdgePopup.Variant(init, x[i]));
                y[i] = 100 * mean[v];
                bars[i] = 100 * sd[v];
            }
            series.add(new Charts.Series("edge-popup, " + init.label() + " weights (frozen)", x, y,
                    spread ? bars : null));
        }
        double dense = 100 * MeanAndSd.mean(denseAcc);
        series.add(new Charts.Series(String.format(Locale.ROOT, "dense trained (Adam, no biases): %s %%",
                PruneCommandSupport.pct(MeanAndSd.mean(denseAcc), MeanAndSd.sd(denseAcc))), new double[] {x[0], x[x.length - 1]},
                new double[] {dense, dense}, null));
        String seeds = spread ? denseAcc.length + " seeds (mean ± sd)" : "seed " + setup.seeds().get(0);
        return Charts.chart(String.format(Locale.ROOT, "Edge-popup on %s %s, %,d steps, %s",
                setup.task().kind(), setup.model(), steps, seeds), "k (fraction of weights kept per layer)",
                "test accuracy (%)", false, series);
    }
}
