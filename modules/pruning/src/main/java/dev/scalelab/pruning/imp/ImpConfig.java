package dev.scalelab.pruning.imp;

import dev.scalelab.pruning.config.ConfigReader;
import dev.scalelab.pruning.config.ExperimentSetup;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * An iterative-magnitude-pruning run (Frankle &amp; Carbin): train, prune, rewind, retrain, for {@code levels}
 * levels, with the controls trained on the same masks at every level.
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
 */
public record ImpConfig(String name, ExperimentSetup setup, PruningSpec pruning, int levels, boolean oneShot,
                        int rewindStep, List<String> controls, Map<String, Object> resolved, Set<String> atDefault,
                        String source) {

    public static final String REINIT = "reinit";
    public static final String RANDOM_PRUNING = "random_pruning";
    public static final String TICKET = "ticket";

    public static ImpConfig load(Path file) {
        return read(ConfigReader.load(file), file.toString());
    }

    public static ImpConfig parse(String text, String source) {
        return read(ConfigReader.parse(text, source), source);
    }

    private static ImpConfig read(ConfigReader root, String source) {
        Set<String> keys = new HashSet<>(ExperimentSetup.KEYS);
        keys.addAll(Set.of("name", "description", "pruning", "controls"));
        root.allowOnly(keys);
        String name = root.directoryName("imp");
        ExperimentSetup setup = ExperimentSetup.read(root, List.of(300, 100));
        ConfigReader p = root.section("pruning").allowOnly(Set.of("strategy", "rate", "output_rate", "layer_rates",
                "levels", "schedule", "rewind_step"));
        PruningSpec.Strategy strategy = ExperimentSetup.parse(p, "strategy",
                () -> PruningSpec.Strategy.parse(p.string("strategy", "layerwise"), "pruning.strategy"));
        double rate = p.number("rate", 0.2, 0, 0.999);
        int layers = setup.model().layerCount();
        Map<Integer, Double> overrides = new HashMap<>();
        if (p.has("output_rate")) {
            overrides.put(layers - 1, p.number("output_rate", rate / 2, 0, 0.999));
        }
        if (p.has("layer_rates")) {
            ConfigReader lr = p.section("layer_rates");
            for (int l = 0; l < layers; l++) {
                if (lr.has(String.valueOf(l))) {
                    overrides.put(l, lr.number(String.valueOf(l), rate, 0, 0.999));
                }
            }
            Set<String> valid = new HashSet<>();
            for (int l = 0; l < layers; l++) {
                valid.add(String.valueOf(l));
            }
            lr.allowOnly(valid);
        }
        PruningSpec pruning = new PruningSpec(strategy, rate, overrides);
        int levels = p.integer("levels", 18, 0, 200);
        String schedule = p.string("schedule", "iterative");
        if (!schedule.equals("iterative") && !schedule.equals("one_shot")) {
            throw p.problem("schedule", "expected iterative or one_shot, got \"" + schedule + "\"");
        }
        int rewind = p.integer("rewind_step", 0, 0, Integer.MAX_VALUE);
        if (rewind >= setup.perModel().maxSteps()) {
            throw p.problem("rewind_step", "must be below train.steps (" + setup.perModel().maxSteps() + "), got "
                    + rewind);
        }
        List<String> controls = root.strings("controls", List.of(REINIT, RANDOM_PRUNING));
        for (String c : controls) {
            if (!c.equals(REINIT) && !c.equals(RANDOM_PRUNING)) {
                throw root.problem("controls", "unknown control \"" + c + "\" (expected reinit, random_pruning)");
            }
        }
        if (controls.stream().distinct().count() != controls.size()) {
            throw root.problem("controls", "a control is listed twice");
        }
        root.string("description", "");
        return new ImpConfig(name, setup, pruning, levels, schedule.equals("one_shot"), rewind, List.copyOf(controls),
                new TreeMap<>(root.resolved()), Set.copyOf(root.atDefault()), source);
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

    /**
     * The run id: first 12 hex digits of SHA-256 over the resolved config as sorted {@code key=value} lines,
     * leaving out keys at their default value (so a new option keeps old ids) and name and description.
     */
    public String runId() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Object> e : resolved.entrySet()) {
            if (e.getKey().equals("name") || e.getKey().equals("description") || atDefault.contains(e.getKey())) {
                continue;
            }
            sb.append(e.getKey()).append('=').append(e.getValue()).append('\n');
        }
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (int i = 0; i < 6; i++) {
                hex.append(String.format("%02x", h[i]));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The resolved config as YAML-compatible {@code key: value} lines (every field, defaults included). */
    public String toYaml() {
        StringBuilder sb = new StringBuilder("# resolved config of " + source + "\n");
        for (Map.Entry<String, Object> e : resolved.entrySet()) {
            String v = String.valueOf(e.getValue());
            sb.append(e.getKey()).append(": ").append(v.isEmpty() || v.contains(",") || v.contains(":")
                    ? "\"" + v + "\"" : v).append('\n');
        }
        return sb.toString();
    }
}
