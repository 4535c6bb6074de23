package dev.scalelab.core.config;

import dev.scalelab.core.UserInputException;
import dev.scalelab.core.config.FieldType.Raw;
import dev.scalelab.core.config.ParameterSpec.Distribution;
import dev.scalelab.core.config.YamlTree.ListNode;
import dev.scalelab.core.config.YamlTree.MapNode;
import dev.scalelab.core.config.YamlTree.Node;
import dev.scalelab.core.config.YamlTree.ScalarKind;
import dev.scalelab.core.config.YamlTree.ScalarNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a sweep config file and validates every key, type and range. Every problem is a
 * {@link UserInputException} of the form {@code file:line: key.path: what is wrong}.
 *
 * <pre>
 * name: memorization            # optional
 * method: grid                  # grid (default) or random
 * sweep_seed: 0                 # random only: seed of the draws
 * run_cap: 20                   # random: number of runs (required); grid: optional limit
 * parameters:                   # swept settings, by short name or key
 *   width: {values: [10, 25, 50]}
 *   lr: {distribution: log_uniform_values, min: 0.0001, max: 0.1}   # random only
 * task:  {kind: random_regression, n: 100, d: 10}
 * model: {depth: 1, activation: relu}
 * train: {optimizer: adam, lr: 0.01, batch_size: 0, steps: 1000, target_loss: 0.0001}
 * backend: cpu
 * </pre>
 */
public final class SweepConfigLoader {
    private static final List<String> TOP_KEYS = List.of("name", "description", "method", "sweep_seed", "run_cap",
            "parameters", "task", "model", "train", "backend");
    private static final int MAX_VALUES = 100_000;

    private final String source;
    private final Map<String, ParameterSpec> parameters = new LinkedHashMap<>();
    private final Map<String, Object> fixed = new LinkedHashMap<>();
    private final Map<String, Integer> lines = new LinkedHashMap<>();

    private SweepConfigLoader(String source) {
        this.source = source;
    }

    /** Loads a file; {@code file} is shown in messages as given. */
    public static SweepConfig load(Path file) {
        return parse(ConfigText.read(file), file.toString());
    }

    /** Parses config text; {@code source} names it in messages. */
    public static SweepConfig parse(String text, String source) {
        return new SweepConfigLoader(source).read(ConfigFile.tree(text, source));
    }

    private UserInputException error(int line, String path, String message) {
        return new UserInputException(source + ":" + line + ": " + path + ": " + message);
    }

    private SweepConfig read(Node root) {
        if (!(root instanceof MapNode top)) {
            throw new UserInputException(source + ":" + root.line() + ": the config must be a mapping of keys "
                    + "(method, parameters, task, model, train, ...)");
        }
        String name = null;
        SweepConfig.Method method = SweepConfig.Method.GRID;
        long sweepSeed = 0;
        int runCap = 0;
        Node paramsNode = null;
        int paramsLine = 0;
        for (Map.Entry<String, YamlTree.Entry> e : top.entries().entrySet()) {
            String key = e.getKey();
            int line = e.getValue().keyLine();
            Node value = e.getValue().value();
            switch (key) {
                case "name", "description" -> {
                    String s = scalarText(value, key, "a string");
                    if (key.equals("name")) {
                        String problem = dev.scalelab.core.run.OutputPaths.nameProblem(s);
                        if (problem != null) {
                            throw error(value.line(), key, problem);
                        }
                        name = s;
                    }
                }
                case "method" -> {
                    String m = scalarText(value, key, "grid or random");
                    method = switch (m) {
                        case "grid" -> SweepConfig.Method.GRID;
                        case "random" -> SweepConfig.Method.RANDOM;
                        default -> throw error(value.line(), key, "expected grid or random, got \"" + m + "\""
                                + (m.equals("bayes") ? " (bayes search is not supported)" : ""));
                    };
                }
                case "sweep_seed" -> sweepSeed = count(value, key, false);
                case "run_cap" -> runCap = (int) count(value, key, true);
                case "parameters" -> {
                    paramsNode = value;
                    paramsLine = line;
                }
                case "task", "model", "train" -> readSection(key, value);
                case "backend" -> readFixed(ConfigFields.get("backend"), "backend", line, value);
                default -> throw error(line, key, "unknown key (expected one of " + String.join(", ", TOP_KEYS)
                        + ")");
            }
            lines.put(key, line);
        }
        if (paramsNode != null) {
            readParameters(paramsNode, paramsLine);
        }
        return new SweepConfig(source, name, method, sweepSeed, runCap, parameters, fixed, lines).checked();
    }

    private String scalarText(Node value, String path, String expected) {
        if (value instanceof ScalarNode s && s.kind() == ScalarKind.STRING) {
            return s.text();
        }
        throw error(value.line(), path, "expected " + expected + ", got " + shown(value));
    }

    private long count(Node value, String path, boolean positive) {
        if (value instanceof ScalarNode s && s.kind() == ScalarKind.INT) {
            try {
                long v = Long.parseLong(s.text());
                if (positive ? v > 0 : v >= 0) {
                    return positive ? Math.min(v, Integer.MAX_VALUE) : v;
                }
            } catch (NumberFormatException e) {
                // fall through to the message
            }
        }
        throw error(value.line(), path, "expected a " + (positive ? "positive" : "non-negative") + " integer, got "
                + shown(value));
    }

    private static String shown(Node node) {
        return ConfigFile.shown(node);
    }

    private void readSection(String section, Node value) {
        ConfigFile.readSection(ConfigSchema.CORE, source, section, value, fixed, lines);
    }

    private void readFixed(ConfigField f, String path, int line, Node value) {
        fixed.put(f.key(), convert(f, path, value));
        lines.put(f.key(), line);
    }

    private Object convert(ConfigField f, String path, Node value) {
        return ConfigFile.convert(f, source, path, value);
    }

    private static String describe(ConfigField f) {
        return ConfigFile.describe(f);
    }

    private void readParameters(Node node, int line) {
        if (!(node instanceof MapNode map)) {
            throw error(node.line(), "parameters", "expected a mapping of swept settings, got " + shown(node));
        }
        for (Map.Entry<String, YamlTree.Entry> e : map.entries().entrySet()) {
            String name = e.getKey();
            int keyLine = e.getValue().keyLine();
            String path = "parameters." + name;
            ConfigField f = ConfigFields.find(name);
            if (f == null) {
                throw error(keyLine, path, "unknown setting (expected one of " + ConfigFields.knownNames() + ")");
            }
            if (parameters.containsKey(f.key())) {
                throw error(keyLine, path, "swept twice (also as " + parameters.get(f.key()).name() + " at line "
                        + parameters.get(f.key()).line() + ")");
            }
            if (fixed.containsKey(f.key())) {
                throw error(keyLine, path, "is both swept and fixed (" + f.key() + " at line " + lines.get(f.key())
                        + "); remove one");
            }
            parameters.put(f.key(), readParameter(f, name, path, keyLine, e.getValue().value()));
        }
    }

    private ParameterSpec readParameter(ConfigField f, String name, String path, int keyLine, Node node) {
        if (!(node instanceof MapNode spec)) {
            throw error(node.line(), path, "expected a mapping such as {values: [...]}, got " + shown(node));
        }
        List<Object> values = null;
        String distribution = null;
        Double min = null;
        Double max = null;
        for (Map.Entry<String, YamlTree.Entry> e : spec.entries().entrySet()) {
            String sub = path + "." + e.getKey();
            Node v = e.getValue().value();
            switch (e.getKey()) {
                case "values" -> {
                    if (!(v instanceof ListNode list)) {
                        throw error(v.line(), sub, "expected a list, got " + shown(v));
                    }
                    if (list.items().isEmpty()) {
                        throw error(v.line(), sub, "expected at least one value, got an empty list");
                    }
                    if (list.items().size() > MAX_VALUES) {
                        throw error(v.line(), sub, "more than " + MAX_VALUES + " values");
                    }
                    values = new ArrayList<>();
                    for (int i = 0; i < list.items().size(); i++) {
                        Object x = convert(f, sub + "[" + i + "]", list.items().get(i));
                        if (values.stream().anyMatch(y -> ConfigField.render(y).equals(ConfigField.render(x)))) {
                            throw error(list.items().get(i).line(), sub + "[" + i + "]", "duplicate value "
                                    + ConfigField.render(x));
                        }
                        values.add(x);
                    }
                }
                case "value" -> values = List.of(convert(f, sub, v));
                case "distribution" -> {
                    distribution = scalarText(v, sub, "uniform, log_uniform_values or int_uniform");
                    if (Distribution.parse(distribution) == null || distribution.equals("values")) {
                        throw error(v.line(), sub, "expected uniform, log_uniform_values or int_uniform, got \""
                                + distribution + "\"");
                    }
                }
                case "min", "max" -> {
                    if (!(v instanceof ScalarNode s) || (s.kind() != ScalarKind.INT && s.kind() != ScalarKind.FLOAT)) {
                        throw error(v.line(), sub, "expected a number, got " + shown(v));
                    }
                    double x = Double.parseDouble(s.text());
                    if (e.getKey().equals("min")) {
                        min = x;
                    } else {
                        max = x;
                    }
                }
                default -> throw error(e.getValue().keyLine(), sub,
                        "unknown key (expected values, value, distribution, min, max)");
            }
        }
        if (values != null) {
            if (distribution != null || min != null || max != null) {
                throw error(keyLine, path, "give either values or a distribution with min and max, not both");
            }
            return ParameterSpec.ofValues(f.key(), name, values, keyLine);
        }
        if (distribution == null) {
            throw error(keyLine, path, "expected values: [...] or a distribution with min and max");
        }
        if (min == null || max == null) {
            throw error(keyLine, path, "distribution " + distribution + " needs min and max");
        }
        Distribution d = Distribution.parse(distribution);
        if (!(min < max)) {
            throw error(keyLine, path, "min must be below max, got min " + ConfigField.render(min) + ", max "
                    + ConfigField.render(max));
        }
        boolean integral = f.type() == FieldType.POSITIVE_INT || f.type() == FieldType.NON_NEGATIVE_INT;
        if (f.type() == FieldType.CHOICE || (integral != (d == Distribution.INT_UNIFORM))) {
            throw error(keyLine, path, "distribution " + distribution + " does not fit " + describe(f));
        }
        if (d == Distribution.INT_UNIFORM && (min != Math.rint(min) || max != Math.rint(max) || max - min > 1e9)) {
            throw error(keyLine, path, "int_uniform needs integer min and max");
        }
        if (d == Distribution.LOG_UNIFORM_VALUES && min <= 0) {
            throw error(keyLine, path, "log_uniform_values needs min > 0, got " + ConfigField.render(min));
        }
        // Both ends must be valid values of the setting.
        for (double end : new double[] {min, max}) {
            String text = integral ? Long.toString((long) end) : Double.toString(end);
            try {
                f.type().convert(Raw.guess(text), f);
            } catch (FieldType.BadValue ex) {
                throw error(keyLine, path, "range end " + ConfigField.render(end) + ": " + ex.getMessage());
            }
        }
        return new ParameterSpec(f.key(), name, null, d, min, max, keyLine);
    }
}
