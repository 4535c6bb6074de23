package dev.scalelab.pruning.popup;

import dev.scalelab.core.run.Provenance;
import dev.scalelab.core.run.RunLogs;
import dev.scalelab.core.run.RunSummary;
import dev.scalelab.core.run.RunStore;
import dev.scalelab.core.spec.LossKind;
import dev.scalelab.core.spec.MlpSpec;
import dev.scalelab.core.spec.ModelSettings;
import dev.scalelab.core.spec.OptimizerSpec;
import dev.scalelab.core.spec.TrainSpec;
import dev.scalelab.core.task.TaskData;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.pruning.net.BiasFreeTraining;
import dev.scalelab.pruning.report.RunLogWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The edge-popup experiment for one seed at a time: the dense bias-free baseline, then all (init, k) variants as
 * one batch, each with its run log ({@code dense_s<seed>/}, {@code <init>_k<k>_s<seed>/}). A seed whose run logs
 * are all complete is read back instead of trained again, so a killed multi-seed run resumes at its first
 * incomplete seed.
 */
public final class EdgePopupExperiment {

    /** Test accuracy of the dense baseline and of every variant (in the spec's order) for one seed. */
    public record SeedResult(long seed, double denseAccuracy, double[] accuracy, double[] finalTrainLoss,
                             boolean resumed, double seconds) {
    }

    /** The settings shared by every seed; {@code config} is the flat resolved config written into run logs. */
    public record Setup(String name, MlpSpec model, List<EdgePopup.Variant> variants, int steps, int batch, double lr,
                        double momentum, double weightDecay, double denseLr, Map<String, Object> config) {
        public Setup {
            variants = List.copyOf(variants);
            config = Map.copyOf(config);
        }
    }

    private final Setup setup;
    private final Path dir;
    private final TaskData data;
    private final ComputeBackend backend;
    private final Provenance provenance;
    private final Consumer<String> progress;

    public EdgePopupExperiment(Setup setup, Path dir, TaskData data, ComputeBackend backend, Provenance provenance,
                               Consumer<String> progress) {
        this.setup = setup;
        this.dir = dir;
        this.data = data;
        this.backend = backend;
        this.provenance = provenance;
        this.progress = progress;
    }

    public SeedResult run(long seed, List<double[]> denseInit) throws IOException {
        SeedResult done = readBack(seed);
        if (done != null) {
            return done;
        }
        long t0 = System.nanoTime();
        progress.accept(String.format(Locale.ROOT, "seed %d: dense baseline %s without biases, Adam lr %s, %d steps",
                seed, setup.model(), setup.denseLr(), setup.steps()));
        RunStore store = new RunStore(dir, true);
        RunLogWriter logs = new RunLogWriter(store, List.of(denseRun(seed)));
        BiasFreeTraining.Result dense = BiasFreeTraining.train(backend, setup.model(), data, denseInit,
                new TrainSpec(LossKind.CROSS_ENTROPY, OptimizerSpec.adam(), setup.batch()),
                ModelSettings.of(setup.denseLr(), setup.steps(), 0, setup.steps()).withSeed(seed),
                logs.listener(m -> { }));
        logs.finish(0, runId(denseRun(seed)), dense.outcome(), setup.model().weightCount(),
                config("dense", null, seed), seed, 1, provenance, dense.seconds());
        int k = setup.variants().size();
        progress.accept(String.format(Locale.ROOT, "seed %d: dense %.2f %% (%.0f s); edge-popup, %d models batched",
                seed, 100 * dense.testAccuracy(), dense.seconds(), k));
        EdgePopup.Spec spec = new EdgePopup.Spec(setup.model(), setup.variants(), setup.steps(), setup.batch(),
                setup.lr(), setup.momentum(), setup.weightDecay(), seed);
        double[] losses = new double[k];
        double[] accuracies = new double[k];
        RunLogWriter variantLogs = new RunLogWriter(store,
                setup.variants().stream().map(v -> variantRun(v, seed)).toList());
        EdgePopup.Result r = EdgePopup.train(backend, spec, data, Math.max(1, setup.steps() / 10), variantLogs.listener(m -> {
            losses[m.model()] = m.trainLoss();
            accuracies[m.model()] = m.testAccuracy();
            if (m.model() == k - 1) {
                progress.accept(String.format(Locale.ROOT, "  step %d: training loss %.4f, test accuracy %.2f %% "
                        + "(means over the %d models)", m.step(), mean(losses), 100 * mean(accuracies), k));
            }
        }));
        for (int m = 0; m < k; m++) {
            EdgePopup.Variant v = setup.variants().get(m);
            variantLogs.finish(m, runId(variantRun(v, seed)), r.outcomes().get(m), v.keptWeights(setup.model()),
                    config("edge_popup", v, seed), seed, k, provenance, r.seconds());
        }
        return new SeedResult(seed, dense.testAccuracy(), r.testAccuracy(), r.finalTrainLoss(), false,
                (System.nanoTime() - t0) / 1e9);
    }

    /** The finished seed's results from its run logs, or null when any of them is missing or unreadable. */
    private SeedResult readBack(long seed) throws IOException {
        RunStore store = new RunStore(dir, true);
        RunSummary dense = store.completed(denseRun(seed));
        if (dense == null) {
            return null;
        }
        int k = setup.variants().size();
        double[] accuracy = new double[k];
        double[] loss = new double[k];
        double seconds = 0;
        for (int m = 0; m < k; m++) {
            RunSummary s = store.completed(variantRun(setup.variants().get(m), seed));
            if (s == null) {
                return null;
            }
            accuracy[m] = orNaN(s.finalTestAccuracy());
            loss[m] = orNaN(s.finalTrainLoss());
            seconds = s.wallSeconds();
        }
        return new SeedResult(seed, orNaN(dense.finalTestAccuracy()), accuracy, loss, true,
                seconds + dense.wallSeconds());
    }

    private Map<String, Object> config(String branch, EdgePopup.Variant v, long seed) {
        Map<String, Object> flat = new TreeMap<>(setup.config());
        flat.put("popup.branch", branch);
        if (v != null) {
            flat.put("popup.init", v.init().label());
            flat.put("popup.k", v.k());
        }
        flat.put("seed", seed);
        return flat;
    }

    private static String denseRun(long seed) {
        return "dense_s" + seed;
    }

    private static String variantRun(EdgePopup.Variant v, long seed) {
        return v.label() + "_s" + seed;
    }

    private String runId(String run) {
        return setup.name() + "/" + run;
    }

    private static double orNaN(Double value) {
        return value == null ? Double.NaN : value;
    }

    private static double mean(double[] values) {
        return java.util.Arrays.stream(values).average().orElse(Double.NaN);
    }
}
