package dev.scalelab.pruning.imp;

import dev.scalelab.core.config.ConfigFile;
import dev.scalelab.core.config.ConfigText;
import dev.scalelab.core.config.YamlTree;
import dev.scalelab.pruning.config.ExperimentSetup;
import dev.scalelab.pruning.config.PruneConfig;
import dev.scalelab.pruning.config.PruneFields;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An iterative-magnitude-pruning run (Frankle &amp; Carbin): train, prune, rewind, retrain, for {@code levels}
 * levels, with the controls trained on the same masks at every level. Keys, types and defaults:
 * {@link PruneFields#IMP} and the shared ones of {@link ExperimentSetup}.
 *
 * <pre>
 * name: lenet-300-100
 * (task, model, train, seeds, backend: see ExperimentSetup)
 * pruning:
 *   strategy: layerwise        # or global
 *   rate: 0.2                  # fraction of the remaining weights pruned per level
 *   output_rate: 0.1           # optional override for the output layer (0 = never pruned)
 *   layer_rates: {0: 0.2}      # optional overrides by layer index
 *   levels: 18
 *   schedule: iterative        # or one_shot: level L prunes the dense trained net straight to level L's density
 *   rewind_step: 0             # 0 = rewind to the initial weights; k = to the weights after k steps
 * controls: [reinit, random_pruning]
 * </pre>
 *
 * {@code legacy} is the same file as an earlier version saw it ({@link LegacyPruneId}: its run id and settings),
 * so that the directories it wrote resume.
 */
public record ImpConfig(PruneConfig config, ExperimentSetup setup, PruningSpec pruning, int levels, boolean oneShot,
                        int rewindStep, List<String> controls, LegacyPruneId.Legacy legacy) {

    public static final String REINIT = "reinit";
    public static final String RANDOM_PRUNING = "random_pruning";
    public static final String TICKET = "ticket";

    public static ImpConfig load(Path file) {
        return parse(ConfigText.read(file), file.toString());
    }

    public static ImpConfig parse(String text, String source) {
        YamlTree.Node root = ConfigFile.tree(text, source);
        PruneConfig c = PruneConfig.of(ConfigFile.read(root, source, PruneFields.IMP_SCHEMA), PruneFields.IMP_SCHEMA,
                "imp");
        ExperimentSetup setup = ExperimentSetup.read(c);
        int layers = setup.model().layerCount();
        double rate = c.real("pruning.rate");
        Map<Integer, Double> overrides = new HashMap<>();
        for (Map.Entry<Integer, Double> e : PruneFields.parseLayerRates(c.text("pruning.layer_rates")).entrySet()) {
            if (e.getKey() >= layers) {
                throw c.problem("pruning.layer_rates", "layer " + e.getKey() + " does not exist (the network has "
                        + layers + " layers, 0 to " + (layers - 1) + ")");
            }
            overrides.put(e.getKey(), e.getValue());
        }
        if (!c.text("pruning.output_rate").isEmpty()) {
            overrides.put(layers - 1, Double.parseDouble(c.text("pruning.output_rate")));
        }
        PruningSpec.Strategy strategy = PruningSpec.Strategy.parse(c.text("pruning.strategy"), "pruning.strategy");
        PruningSpec pruning = c.check("pruning.rate", () -> new PruningSpec(strategy, rate, overrides));
        int rewind = c.integer("pruning.rewind_step");
        if (rewind >= setup.perModel().maxSteps()) {
            throw c.problem("pruning.rewind_step", "must be below train.steps (" + setup.perModel().maxSteps()
                    + "), got " + rewind);
        }
        List<String> controls = c.list("controls");
        if (controls.stream().distinct().count() != controls.size()) {
            throw c.problem("controls", "a control is listed twice");
        }
        return new ImpConfig(c, setup, pruning, c.integer("pruning.levels"),
                c.text("pruning.schedule").equals("one_shot"), rewind, List.copyOf(controls),
                LegacyPruneId.of(root, setup, c.values()));
    }

    public String name() {
        return config.name();
    }

    public String source() {
        return config.source();
    }

    /** Every setting as the run logs record it (defaults included). */
    public Map<String, Object> resolved() {
        return config.flat();
    }

    /** Branches trained at a level: the ticket, plus the controls from level 1 on. */
    public List<String> branches(int level) {
        List<String> b = new ArrayList<>();
        b.add(TICKET);
        if (level > 0) {
            b.addAll(controls);
        }
        return b;
    }

    /** The run id: core's, over the canonical default-free settings (name and description are not settings). */
    public String runId() {
        return config.id();
    }

    /**
     * The directory to run in: {@code dir} ({@code <name>-<run id>}); or, when it does not exist but
     * {@code legacyDir} ({@code <name>-<legacy id>}, written by an earlier version) does and ran this same
     * experiment, {@code legacyDir}, and {@code note} gets one line saying so.
     */
    public Path runDirectory(Path dir, Path legacyDir, java.util.function.Consumer<String> note) {
        if (!java.nio.file.Files.exists(dir) && !legacyDir.equals(dir) && java.nio.file.Files.isDirectory(legacyDir)
                && LegacyPruneId.sameExperiment(legacyDir, this)) {
            note.accept("resuming " + legacyDir + ", written by an earlier version under its old run id "
                    + legacy.runId() + " (this version's id of the same experiment: " + runId() + ")");
            return legacyDir;
        }
        return dir;
    }

    /** The resolved config as YAML (core's canonical writer). */
    public String toYaml() {
        return config.toYaml();
    }
}
