package dev.scalelab.pruning.config;

import dev.scalelab.core.UserInputException;
import dev.scalelab.core.config.ConfigText;
import dev.scalelab.core.config.YamlTree;
import dev.scalelab.core.run.OutputPaths;
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
import java.util.Set;

/**
 * Typed reads from a pruning config (YAML, parsed by core's safe {@link YamlTree}). Every problem is a
 * {@link UserInputException} of the form {@code file:line: key.path: what is wrong}; unknown keys are refused,
 * so a typo never silently falls back to a default. Every value read is also recorded (dotted key → value) for
 * the resolved config and the run id.
 */
public final class ConfigReader {
    private final String file;
    private final MapNode map;
    private final String prefix;
    private final Map<String, Object> resolved;
    private final Set<String> atDefault;

    private ConfigReader(String file, MapNode map, String prefix, Map<String, Object> resolved,
                         Set<String> atDefault) {
        this.file = file;
        this.map = map;
        this.prefix = prefix;
        this.resolved = resolved;
        this.atDefault = atDefault;
    }

    public static ConfigReader load(Path path) {
        return parse(ConfigText.read(path), path.toString());
    }

    public static ConfigReader parse(String text, String source) {
        Node root;
        try {
            root = YamlTree.parse(text);
        } catch (YamlTree.YamlProblem e) {
            throw new UserInputException(source + ":" + e.line() + ": " + e.getMessage());
        }
        if (!(root instanceof MapNode m)) {
            throw new UserInputException(source + ":" + root.line() + ": expected a mapping of keys");
        }
        return new ConfigReader(source, m, "", new LinkedHashMap<>(), new java.util.HashSet<>());
    }

    /** Every value read so far, by dotted key, in reading order. */
    public Map<String, Object> resolved() {
        return resolved;
    }

    /** Dotted keys whose value equals the default (left out of run ids, so a new option keeps old ids). */
    public Set<String> atDefault() {
        return atDefault;
    }

    /** Refuses keys other than {@code allowed} at this level. */
    public ConfigReader allowOnly(Set<String> allowed) {
        for (Map.Entry<String, YamlTree.Entry> e : map.entries().entrySet()) {
            if (!allowed.contains(e.getKey())) {
                throw new UserInputException(file + ":" + e.getValue().keyLine() + ": " + prefix + e.getKey()
                        + ": unknown key (expected one of " + String.join(", ", allowed.stream().sorted().toList())
                        + ")");
            }
        }
        return this;
    }

    /** A nested section; an absent section reads as empty (all defaults). */
    public ConfigReader section(String key) {
        YamlTree.Entry e = map.entries().get(key);
        if (e == null) {
            return new ConfigReader(file, new MapNode(map.line(), Map.of()), prefix + key + ".", resolved, atDefault);
        }
        if (!(e.value() instanceof MapNode m)) {
            throw problem(e.keyLine(), key, "expected a mapping");
        }
        return new ConfigReader(file, m, prefix + key + ".", resolved, atDefault);
    }

    public boolean has(String key) {
        return map.entries().containsKey(key);
    }

    public String string(String key, String fallback) {
        ScalarNode s = scalar(key);
        String v = s == null ? fallback : s.text();
        record(key, v, fallback);
        return v;
    }

    /** The experiment's {@code name}: it names a directory, so it must be one safe path component. */
    public String directoryName(String fallback) {
        String v = string("name", fallback);
        String problem = OutputPaths.nameProblem(v);
        if (problem != null) {
            throw problem("name", problem);
        }
        return v;
    }

    public long integer(String key, long fallback, long min, long max) {
        ScalarNode s = scalar(key);
        long v = fallback;
        if (s != null) {
            if (s.kind() != ScalarKind.INT) {
                throw problem(s.line(), key, "expected an integer, got " + s.shown());
            }
            try {
                v = Long.parseLong(s.text().replace("_", ""));
            } catch (NumberFormatException ex) {
                throw problem(s.line(), key, "not an integer: " + s.shown());
            }
        }
        if (v < min || v > max) {
            throw problem(s == null ? map.line() : s.line(), key, "must be in " + min + ".." + max + ", got " + v);
        }
        record(key, v, fallback);
        return v;
    }

    public int integer(String key, int fallback, int min, int max) {
        return (int) integer(key, (long) fallback, min, max);
    }

    public double number(String key, double fallback, double min, double max) {
        ScalarNode s = scalar(key);
        double v = fallback;
        if (s != null) {
            if (s.kind() != ScalarKind.INT && s.kind() != ScalarKind.FLOAT) {
                throw problem(s.line(), key, "expected a number, got " + s.shown());
            }
            v = Double.parseDouble(s.text().replace("_", ""));
        }
        if (!(v >= min && v <= max)) {
            throw problem(s == null ? map.line() : s.line(), key, "must be in [" + min + ", " + max + "], got " + v);
        }
        record(key, v, fallback);
        return v;
    }

    /** A list of scalars as text (a single scalar counts as a one-element list). */
    public List<String> strings(String key, List<String> fallback) {
        YamlTree.Entry e = map.entries().get(key);
        List<String> out = new ArrayList<>();
        if (e == null) {
            out.addAll(fallback);
        } else if (e.value() instanceof ListNode l) {
            for (Node n : l.items()) {
                if (!(n instanceof ScalarNode s) || s.kind() == ScalarKind.NULL) {
                    throw problem(n.line(), key, "expected a list of plain values");
                }
                out.add(s.text());
            }
        } else if (e.value() instanceof ScalarNode s && s.kind() != ScalarKind.NULL) {
            out.add(s.text());
        } else {
            throw problem(e.keyLine(), key, "expected a list");
        }
        record(key, String.join(",", out), String.join(",", fallback));
        return out;
    }

    public List<Double> numbers(String key, List<Double> fallback, double min, double max) {
        int line = map.entries().containsKey(key) ? map.entries().get(key).keyLine() : map.line();
        List<Double> out = new ArrayList<>();
        for (String s : strings(key, fallback.stream().map(String::valueOf).toList())) {
            double v;
            try {
                v = Double.parseDouble(s.replace("_", ""));
            } catch (NumberFormatException ex) {
                throw problem(line, key, "not a number: \"" + s + "\"");
            }
            if (!(v >= min && v <= max)) {
                throw problem(line, key, "values must be in [" + min + ", " + max + "], got " + v);
            }
            out.add(v);
        }
        return out;
    }

    public List<Long> integers(String key, List<Long> fallback, long min, long max) {
        int line = map.entries().containsKey(key) ? map.entries().get(key).keyLine() : map.line();
        List<Long> out = new ArrayList<>();
        for (String s : strings(key, fallback.stream().map(String::valueOf).toList())) {
            long v;
            try {
                v = Long.parseLong(s.replace("_", ""));
            } catch (NumberFormatException ex) {
                throw problem(line, key, "not an integer: \"" + s + "\"");
            }
            if (v < min || v > max) {
                throw problem(line, key, "values must be in " + min + ".." + max + ", got " + v);
            }
            out.add(v);
        }
        return out;
    }

    /** A problem with a key's value that only the caller can judge (e.g. an unknown enum name). */
    public UserInputException problem(String key, String message) {
        YamlTree.Entry e = map.entries().get(key);
        return problem(e == null ? map.line() : e.keyLine(), key, message);
    }

    private UserInputException problem(int line, String key, String message) {
        return new UserInputException(file + ":" + line + ": " + prefix + key + ": " + message);
    }

    private ScalarNode scalar(String key) {
        YamlTree.Entry e = map.entries().get(key);
        if (e == null) {
            return null;
        }
        if (!(e.value() instanceof ScalarNode s)) {
            throw problem(e.keyLine(), key, "expected a single value");
        }
        return s.kind() == ScalarKind.NULL ? null : s;
    }

    private void record(String key, Object value, Object fallback) {
        resolved.put(prefix + key, value);
        if (String.valueOf(value).equals(String.valueOf(fallback))) {
            atDefault.add(prefix + key);
        } else {
            atDefault.remove(prefix + key);
        }
    }
}
