package dev.scalelab.pruning.imp;

import dev.scalelab.core.run.AtomicFiles;
import dev.scalelab.core.run.Provenance;
import dev.scalelab.core.run.RunLogs;
import dev.scalelab.core.run.RunStore;
import dev.scalelab.core.spec.MlpSpec;
import dev.scalelab.core.spec.ModelSettings;
import dev.scalelab.core.spec.TrainSpec;
import dev.scalelab.core.task.TaskData;
import dev.scalelab.core.util.Rng;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.model.MlpBatch;
import dev.scalelab.engine.train.ModelOutcome;
import dev.scalelab.engine.train.Trainer;
import dev.scalelab.engine.train.TrainingListener;
import dev.scalelab.pruning.imp.LevelFiles.Parameters;
import dev.scalelab.pruning.report.RunLogWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs IMP with rewinding and its controls, one level after another, all seeds and branches of a level trained
 * together as K batched models (K = seeds × branches). Layout (like open_lth's):
 *
 * <pre>
 * &lt;run&gt;/config.yaml, rewind.bin (weights at the rewind step), results.json (all levels so far)
 * &lt;run&gt;/level_L/masks.bin        the ticket masks of every seed
 *                final.bin        the ticket's trained weights of every seed (the next level prunes these)
 *                sparsity.json    per-layer and total counts, test metrics of every branch (written last)
 *                &lt;branch&gt;_s&lt;seed&gt;/  metrics.jsonl, summary.json, provenance.json (run-log format)
 * </pre>
 *
 * A level whose masks, final weights and report exist is skipped, so a killed run resumes at the first
 * incomplete level. Level 0 trains the dense network for {@code train.steps}; later levels train
 * {@code steps − rewind_step} steps from the rewound weights (fresh optimizer state, the same batch-order seed).
 */
public final class ImpRunner {
    /** Progress callbacks (on the calling thread). */
    public interface Listener {
        default void levelStarted(int level, double density, int models) {
        }

        default void levelDone(LevelReport report, boolean resumed) {
        }
    }

    private final ImpConfig config;
    private final Path runDir;
    private final TaskData data;
    private final ComputeBackend backend;
    private final Provenance provenance;
    private final Listener listener;
    private final MlpSpec spec;
    private final long[] seeds;

    public ImpRunner(ImpConfig config, Path runDir, TaskData data, ComputeBackend backend, Provenance provenance,
                     Listener listener) {
        this.config = config;
        this.runDir = runDir;
        this.data = data;
        this.backend = backend;
        this.provenance = provenance;
        this.listener = listener;
        this.spec = config.setup().model();
        this.seeds = config.setup().seedArray();
    }

    public List<LevelReport> run() throws IOException {
        Files.createDirectories(runDir);
        AtomicFiles.write(runDir.resolve("config.yaml"), config.toYaml().getBytes(StandardCharsets.UTF_8), false);
        Parameters init = initial(seeds);
        Parameters rewind = rewindPoint(init);
        List<LevelReport> reports = new ArrayList<>();
        List<Mask> masks = null;
        Parameters trained = null;
        Parameters denseTrained = null;
        for (int level = 0; level <= config.levels(); level++) {
            Path dir = runDir.resolve("level_" + level);
            List<Mask> levelMasks;
            if (level == 0) {
                levelMasks = Collections.nCopies(seeds.length, Mask.dense(spec));
            } else if (config.oneShot()) {
                levelMasks = oneShotMasks(denseTrained, level);
            } else {
                levelMasks = new ArrayList<>();
                for (int s = 0; s < seeds.length; s++) {
                    levelMasks.add(MagnitudePruner.prune(masks.get(s), trained.weights().get(s), config.pruning()));
                }
            }
            LevelReport report;
            boolean resumed = complete(dir);
            if (resumed) {
                levelMasks = LevelFiles.readMasks(dir.resolve("masks.bin"), spec);
                trained = LevelFiles.readParameters(dir.resolve("final.bin"), spec);
                report = RunLogs.read(dir.resolve("sparsity.json"), LevelReport.class);
            } else {
                listener.levelStarted(level, levelMasks.get(0).density(), seeds.length * config.branches(level).size());
                Files.createDirectories(dir);
                LevelFiles.writeMasks(dir.resolve("masks.bin"), spec, levelMasks);
                TrainedLevel t = trainLevel(level, dir, levelMasks, level == 0 ? init : rewind);
                trained = t.ticket;
                LevelFiles.writeParameters(dir.resolve("final.bin"), spec, trained);
                report = t.report;
                AtomicFiles.write(dir.resolve("sparsity.json"), RunLogs.pretty(report));
            }
            if (level == 0) {
                denseTrained = trained;
            }
            masks = levelMasks;
            reports.add(report);
            Map<String, Object> results = new LinkedHashMap<>();
            results.put("schema_version", RunLogs.SCHEMA_VERSION);
            results.put("run", runDir.getFileName().toString());
            results.put("levels", reports);
            AtomicFiles.write(runDir.resolve("results.json"), RunLogs.pretty(results), false);
            listener.levelDone(report, resumed);
        }
        return reports;
    }

    static boolean complete(Path dir) {
        return Files.isRegularFile(dir.resolve("masks.bin")) && Files.isRegularFile(dir.resolve("final.bin"))
                && Files.isRegularFile(dir.resolve("sparsity.json"));
    }

    /** One-shot: prune the dense trained network straight to level L's per-layer counts of the iterative rule. */
    private List<Mask> oneShotMasks(Parameters dense, int level) {
        PruningSpec p = config.pruning();
        Map<Integer, Double> overrides = new TreeMap<>();
        for (Map.Entry<Integer, Double> e : p.layerRates().entrySet()) {
            overrides.put(e.getKey(), 1 - Math.pow(1 - e.getValue(), level));
        }
        PruningSpec once = new PruningSpec(p.strategy(), 1 - Math.pow(1 - p.rate(), level), overrides);
        List<Mask> out = new ArrayList<>();
        for (int s = 0; s < seeds.length; s++) {
            out.add(MagnitudePruner.prune(Mask.dense(spec), dense.weights().get(s), once));
        }
        return out;
    }

    private record TrainedLevel(Parameters ticket, LevelReport report) {
    }

    private TrainedLevel trainLevel(int level, Path dir, List<Mask> ticketMasks, Parameters start)
            throws IOException {
        List<String> branches = config.branches(level);
        int k = seeds.length * branches.size();
        Parameters reinit = branches.contains(ImpConfig.REINIT) ? initial(reinitSeeds()) : null;
        List<Mask> models = new ArrayList<>();
        List<Parameters> sources = new ArrayList<>();
        List<Integer> sourceIndex = new ArrayList<>();
        for (String branch : branches) {
            for (int s = 0; s < seeds.length; s++) {
                Mask mask = switch (branch) {
                    case ImpConfig.RANDOM_PRUNING -> Controls.randomPruning(ticketMasks.get(s),
                            Rng.forPurpose(seeds[s], "random-pruning/level" + level));
                    default -> ticketMasks.get(s);
                };
                models.add(mask);
                sources.add(branch.equals(ImpConfig.REINIT) ? reinit : start);
                sourceIndex.add(s);
            }
        }
        List<List<double[]>> weights = new ArrayList<>(k);
        List<List<double[]>> biases = new ArrayList<>(k);
        for (int m = 0; m < k; m++) {
            weights.add(sources.get(m).weights().get(sourceIndex.get(m)));
            biases.add(sources.get(m).biases().get(sourceIndex.get(m)));
        }
        MlpBatch batch = MlpBatch.ofModels(backend, spec, weights, biases);
        if (level > 0) {
            for (int l = 0; l < spec.layerCount(); l++) {
                batch.setMask(l, Mask.stack(models, l));
            }
        }
        TrainSpec train = config.setup().train();
        ModelSettings base = config.setup().perModel();
        int steps = level == 0 ? base.maxSteps() : base.maxSteps() - config.rewindStep();
        String[] names = new String[k];
        List<String> runLogs = new ArrayList<>();
        List<ModelSettings> settings = new ArrayList<>(k);
        for (int m = 0; m < k; m++) {
            names[m] = branches.get(m / seeds.length) + "_s" + seeds[sourceIndex.get(m)];
            runLogs.add(dir.getFileName() + "/" + names[m]);
            // The seed orders the batches as in the source seed's dense training.
            settings.add(config.setup().modelSettings(seeds[sourceIndex.get(m)])
                    .withBudget(steps, Math.min(base.logEvery(), steps)));
        }
        List<TaskData> perModel = Collections.nCopies(k, data);
        long t0 = System.nanoTime();
        RunLogWriter logs = new RunLogWriter(new RunStore(runDir, true), runLogs);
        List<ModelOutcome> outcomes = new Trainer(backend).train(batch, train, settings, perModel,
                logs.listener(TrainingListener.NONE));
        double wall = (System.nanoTime() - t0) / 1e9;
        for (int m = 0; m < k; m++) {
            String branch = branches.get(m / seeds.length);
            Mask mask = models.get(m);
            long params = mask.keptCount();
            for (int l = 0; l < spec.layerCount(); l++) {
                params += spec.fanOut(l);
            }
            Map<String, Object> flat = new TreeMap<>(config.resolved());
            flat.put("imp.level", level);
            flat.put("imp.branch", branch);
            flat.put("imp.density", mask.density());
            flat.put("seed", seeds[sourceIndex.get(m)]);
            logs.finish(m, runDir.getFileName() + "/level_" + level + "/" + names[m], outcomes.get(m), params,
                    flat, seeds[sourceIndex.get(m)], k, provenance, wall);
        }
        List<List<double[]>> finalWeights = batch.modelWeights();
        List<List<double[]>> finalBiases = batch.modelBiases();
        for (int m = 0; m < k && level > 0; m++) {
            for (int l = 0; l < spec.layerCount(); l++) {
                double[] wm = finalWeights.get(m).get(l);
                for (int i = 0; i < wm.length; i++) {
                    if (!models.get(m).kept(l, i) && wm[i] != 0) {
                        throw new IllegalStateException("pruned weight regrew: " + names[m] + " layer " + l);
                    }
                }
            }
        }
        Map<String, List<Double>> accuracy = new LinkedHashMap<>();
        Map<String, List<Double>> loss = new LinkedHashMap<>();
        for (int m = 0; m < k; m++) {
            String branch = branches.get(m / seeds.length);
            ModelOutcome o = outcomes.get(m);
            accuracy.computeIfAbsent(branch, x -> new ArrayList<>()).add(o.finalTestAccuracy());
            loss.computeIfAbsent(branch, x -> new ArrayList<>()).add(o.finalTestLoss());
        }
        Parameters ticket = new Parameters(finalWeights.subList(0, seeds.length), finalBiases.subList(0, seeds.length));
        Mask first = ticketMasks.get(0);
        List<LevelReport.LayerCount> layers = new ArrayList<>();
        for (int l = 0; l < spec.layerCount(); l++) {
            long total = (long) spec.fanIn(l) * spec.fanOut(l);
            long kept = first.keptCount(l);
            layers.add(new LevelReport.LayerCount(l, spec.fanIn(l), spec.fanOut(l), total, kept,
                    (double) kept / total));
        }
        LevelReport report = new LevelReport(RunLogs.SCHEMA_VERSION, level, first.totalCount(), first.keptCount(),
                first.density(), layers, java.util.Arrays.stream(seeds).boxed().toList(), accuracy, loss, wall);
        return new TrainedLevel(ticket, report);
    }

    private long[] reinitSeeds() {
        long[] r = new long[seeds.length];
        for (int s = 0; s < seeds.length; s++) {
            r[s] = Controls.reinitSeed(seeds[s]);
        }
        return r;
    }

    /** Initial weights of the given seeds, drawn by the engine (the same as a fresh training run's). */
    private Parameters initial(long[] modelSeeds) {
        double[] ones = new double[modelSeeds.length];
        java.util.Arrays.fill(ones, 1.0);
        MlpBatch b = MlpBatch.initialize(backend, spec, config.setup().init(), modelSeeds, ones);
        return download(b);
    }

    private static Parameters download(MlpBatch b) {
        return new Parameters(b.modelWeights(), b.modelBiases());
    }

    /** The weights every later level rewinds to: the initial ones, or those after {@code rewind_step} steps. */
    private Parameters rewindPoint(Parameters init) throws IOException {
        Path file = runDir.resolve("rewind.bin");
        if (config.rewindStep() == 0) {
            return init;
        }
        if (Files.isRegularFile(file)) {
            return LevelFiles.readParameters(file, spec);
        }
        List<ModelSettings> settings = java.util.Arrays.stream(seeds).mapToObj(s -> config.setup().modelSettings(s)
                .withBudget(config.rewindStep(), config.rewindStep())).toList();
        MlpBatch b = MlpBatch.initialize(backend, spec, config.setup().init(), settings);
        // Deterministic: these are exactly the first rewind_step steps of level 0's dense training.
        new Trainer(backend).train(b, config.setup().train(), settings, Collections.nCopies(seeds.length, data),
                m -> { });
        Parameters p = download(b);
        LevelFiles.writeParameters(file, spec, p);
        return p;
    }
}
