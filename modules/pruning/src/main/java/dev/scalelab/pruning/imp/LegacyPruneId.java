package dev.scalelab.pruning.imp;

import dev.scalelab.core.config.ConfigSchema;
import dev.scalelab.core.config.YamlTree.ListNode;
import dev.scalelab.core.config.YamlTree.MapNode;
import dev.scalelab.core.config.YamlTree.Node;
import dev.scalelab.core.config.YamlTree.ScalarKind;
import dev.scalelab.core.config.YamlTree.ScalarNode;
import dev.scalelab.core.spec.OptimizerKind;
import dev.scalelab.core.task.TaskKind;
import dev.scalelab.pruning.config.ExperimentSetup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BinaryOperator;

/**
 * FROZEN: the IMP run id of ScaleLab before pruning read its config through core's config model (deb1cdd and
 * earlier), which names the directories {@code <name>-<id>} those versions wrote. It is the first 12 hex digits
 * of SHA-256 over sorted {@code key=value} lines of the old resolved settings, leaving out name, description and
 * every key equal (as text) to its old default; values as the old reader recorded them (integers in decimal,
 * numbers as Java's {@code Double.toString}, texts and list items as written, lists joined by commas). The old
 * defaults differ from today's (lr 0.0012, batch_size 60, log_every steps/10, momentum 0.9 with SGD, n, d and
 * test_size by task kind). Do not change this class: it must keep naming the directories that exist.
 */
public final class LegacyPruneId {
    /**
     * A config file seen the old way: its old run id, and its settings with today's defaults rendered as the old
     * config.yaml recorded them (name and description left out).
     */
    public record Legacy(String runId, Map<String, String> settings) {
    }

    private LegacyPruneId() {
    }

    /** The old view of a config file that today's reader accepted ({@code values}: today's resolved settings). */
    static Legacy of(Node root, ExperimentSetup setup, Map<String, Object> values) {
        return new Legacy(id(root, setup), today(root, setup, values));
    }

    /** The old id of a config file that today's reader accepted ({@code setup} is what it read). */
    static String id(Node root, ExperimentSetup setup) {
        StringBuilder sb = new StringBuilder();
        Map<String, String[]> resolved = resolved((MapNode) root, setup);
        for (Map.Entry<String, String[]> e : resolved.entrySet()) {
            String key = e.getKey();
            String[] valueAndDefault = e.getValue();
            if (key.equals("name") || key.equals("description") || valueAndDefault[0].equals(valueAndDefault[1])) {
                continue;
            }
            sb.append(key).append('=').append(valueAndDefault[0]).append('\n');
        }
        return ConfigSchema.idOf(sb.toString());
    }

    /**
     * Whether the directory an old version wrote for this file ran the experiment {@code config} describes
     * today: its recorded {@code config.yaml} (every old setting, defaults included) equals this file's settings
     * with today's defaults, rendered the old way. Once resumed by this version, the directory's config.yaml is
     * today's, whose first line names today's run id.
     */
    static boolean sameExperiment(Path dir, ImpConfig config) {
        List<String> lines;
        try {
            lines = Files.readAllLines(dir.resolve("config.yaml"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return false;
        }
        if (!lines.isEmpty() && lines.get(0).startsWith("# ScaleLab run ")) {
            return lines.get(0).startsWith("# ScaleLab run " + config.runId() + ":");
        }
        Map<String, String> recorded = new TreeMap<>();
        for (String line : lines) {
            int colon = line.indexOf(": ");
            if (line.startsWith("#") || colon < 0) {
                continue;
            }
            String v = line.substring(colon + 2);
            if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                v = v.substring(1, v.length() - 1);
            }
            recorded.put(line.substring(0, colon), v);
        }
        recorded.remove("name");
        recorded.remove("description");
        return recorded.equals(config.legacy().settings());
    }

    /** The file's settings with today's defaults, rendered the old way; name and description left out. */
    private static Map<String, String> today(Node root, ExperimentSetup setup, Map<String, Object> values) {
        Map<String, String> today = new TreeMap<>();
        resolvedWith((MapNode) root, setup, (key, oldDefault) -> {
            Object v = values.get(key);
            return v instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList())
                    : String.valueOf(v);
        }).forEach((k, v) -> today.put(k, v[0]));
        today.remove("name");
        today.remove("description");
        return Map.copyOf(today);
    }

    /** key → {value, old default} as the old reader recorded them. */
    private static Map<String, String[]> resolved(MapNode root, ExperimentSetup setup) {
        return resolvedWith(root, setup, (key, oldDefault) -> oldDefault);
    }

    /** The old reader's keys and values; {@code absent} gives the value of a key the file does not set. */
    private static Map<String, String[]> resolvedWith(MapNode root, ExperimentSetup setup,
                                                      BinaryOperator<String> absent) {
        Map<String, String[]> out = new TreeMap<>();
        boolean fm = setup.task().kind() == TaskKind.FASHION_MNIST;
        MapNode task = section(root, "task");
        put(out, absent, "task.kind", text(task, "kind"), "fashion_mnist");
        put(out, absent, "task.n", integer(task, "n"), fm ? "60000" : "1000");
        put(out, absent, "task.d", integer(task, "d"), fm ? "784" : "20");
        put(out, absent, "task.classes", integer(task, "classes"), "10");
        put(out, absent, "task.test_size", integer(task, "test_size"), fm ? "10000" : "1000");
        put(out, absent, "task.data_seed", integer(task, "data_seed"), "0");
        MapNode model = section(root, "model");
        put(out, absent, "model.widths", list(model, "widths"), "300,100");
        put(out, absent, "model.activation", text(model, "activation"), "relu");
        put(out, absent, "model.init", text(model, "init"), "torch_default");
        MapNode train = section(root, "train");
        boolean sgd = setup.train().optimizer().kind() == OptimizerKind.SGD;
        put(out, absent, "train.optimizer", text(train, "optimizer"), "adam");
        put(out, absent, "train.lr", number(train, "lr"), "0.0012");
        put(out, absent, "train.momentum", number(train, "momentum"), sgd ? "0.9" : "0.0");
        put(out, absent, "train.batch_size", integer(train, "batch_size"), "60");
        put(out, absent, "train.steps", integer(train, "steps"), "5000");
        put(out, absent, "train.log_every", integer(train, "log_every"),
                String.valueOf(Math.max(1, setup.perModel().maxSteps() / 10)));
        put(out, absent, "seeds", list(root, "seeds"), "1,2,3");
        put(out, absent, "backend", text(root, "backend"), "cpu");
        MapNode pruning = section(root, "pruning");
        String rate = number(pruning, "rate");
        put(out, absent, "pruning.strategy", text(pruning, "strategy"), "layerwise");
        put(out, absent, "pruning.rate", rate, "0.2");
        double r = Double.parseDouble(rate != null ? rate : "0.2");
        if (pruning.entries().containsKey("output_rate")) {
            put(out, absent, "pruning.output_rate", number(pruning, "output_rate"), String.valueOf(r / 2));
        }
        if (pruning.entries().containsKey("layer_rates")
                && pruning.entries().get("layer_rates").value() instanceof MapNode layerRates) {
            for (int l = 0; l < setup.model().layerCount(); l++) {
                if (layerRates.entries().containsKey(String.valueOf(l))) {
                    put(out, absent, "pruning.layer_rates." + l, number(layerRates, String.valueOf(l)),
                            String.valueOf(r));
                }
            }
        }
        put(out, absent, "pruning.levels", integer(pruning, "levels"), "18");
        put(out, absent, "pruning.schedule", text(pruning, "schedule"), "iterative");
        put(out, absent, "pruning.rewind_step", integer(pruning, "rewind_step"), "0");
        put(out, absent, "controls", list(root, "controls"), "reinit,random_pruning");
        put(out, absent, "description", text(root, "description"), "");
        return out;
    }

    private static void put(Map<String, String[]> out, BinaryOperator<String> absent, String key, String given,
                            String oldDefault) {
        out.put(key, new String[] {given != null ? given : absent.apply(key, oldDefault), oldDefault});
    }

    private static MapNode section(MapNode root, String key) {
        var e = root.entries().get(key);
        return e != null && e.value() instanceof MapNode m ? m : new MapNode(root.line(), Map.of());
    }

    private static ScalarNode scalar(MapNode m, String key) {
        var e = m.entries().get(key);
        return e != null && e.value() instanceof ScalarNode s && s.kind() != ScalarKind.NULL ? s : null;
    }

    private static String text(MapNode m, String key) {
        ScalarNode s = scalar(m, key);
        return s == null ? null : s.text();
    }

    private static String integer(MapNode m, String key) {
        ScalarNode s = scalar(m, key);
        return s == null ? null : String.valueOf(Long.parseLong(s.text().replace("_", "")));
    }

    private static String number(MapNode m, String key) {
        ScalarNode s = scalar(m, key);
        return s == null ? null : String.valueOf(Double.parseDouble(s.text().replace("_", "")));
    }

    private static String list(MapNode m, String key) {
        var e = m.entries().get(key);
        if (e == null) {
            return null;
        }
        List<String> items = new ArrayList<>();
        if (e.value() instanceof ListNode l) {
            for (Node n : l.items()) {
                items.add(((ScalarNode) n).text());
            }
        } else if (e.value() instanceof ScalarNode s && s.kind() != ScalarKind.NULL) {
            items.add(s.text());
        } else {
            return null;
        }
        return String.join(",", items);
    }
}
