package dev.scalelab.core.config;

import dev.scalelab.core.UserInputException;
import dev.scalelab.core.config.FieldType.Raw;
import dev.scalelab.core.config.YamlTree.ListNode;
import dev.scalelab.core.config.YamlTree.MapNode;
import dev.scalelab.core.config.YamlTree.Node;
import dev.scalelab.core.config.YamlTree.ScalarKind;
import dev.scalelab.core.config.YamlTree.ScalarNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A config file of fixed settings read against a {@link ConfigSchema}: the optional {@code name} and
 * {@code description}, one mapping per section ({@code task: {...}}) and the top-level fields. Every key, type
 * and range is checked by its field; every problem is a {@link UserInputException} of the sweep loader's form
 * {@code file:line: key.path: what is wrong}. {@code given} holds the settings written in the file by key,
 * {@code lines} where each key (and each section) was written.
 */
public record ConfigFile(String source, String name, String description, Map<String, Object> given,
                         Map<String, Integer> lines) {

    public ConfigFile {
        given = Collections.unmodifiableMap(new LinkedHashMap<>(given));
        lines = Collections.unmodifiableMap(new LinkedHashMap<>(lines));
    }

    /** Loads a file; {@code file} is shown in messages as given. */
    public static ConfigFile load(Path file, ConfigSchema schema) {
        return parse(ConfigText.read(file), file.toString(), schema);
    }

    /** Parses config text; {@code source} names it in messages. */
    public static ConfigFile parse(String text, String source, ConfigSchema schema) {
        return read(tree(text, source), source, schema);
    }

    /** The YAML tree of a config text; a syntax problem names the file and line. */
    public static Node tree(String text, String source) {
        try {
            return YamlTree.parse(text);
        } catch (YamlTree.YamlProblem e) {
            throw new UserInputException(source + ":" + e.line() + ": " + e.getMessage());
        }
    }

    /** Reads a parsed tree (the caller may read more from it, e.g. a legacy run id). */
    public static ConfigFile read(Node root, String source, ConfigSchema schema) {
        if (!(root instanceof MapNode top)) {
            throw new UserInputException(source + ":" + root.line() + ": the config must be a mapping of keys ("
                    + String.join(", ", topKeys(schema)) + ")");
        }
        String name = null;
        String description = null;
        Map<String, Object> given = new LinkedHashMap<>();
        Map<String, Integer> lines = new LinkedHashMap<>();
        List<String> sections = schema.sections();
        for (Map.Entry<String, YamlTree.Entry> e : top.entries().entrySet()) {
            String key = e.getKey();
            int line = e.getValue().keyLine();
            Node value = e.getValue().value();
            lines.put(key, line);
            if (key.equals("name") || key.equals("description")) {
                String s = scalarText(source, value, key);
                if (key.equals("name")) {
                    String problem = dev.scalelab.core.run.OutputPaths.nameProblem(s);
                    if (problem != null) {
                        throw error(source, value.line(), key, problem);
                    }
                    name = s;
                } else {
                    description = s;
                }
            } else if (sections.contains(key)) {
                readSection(schema, source, key, value, given, lines);
            } else {
                ConfigField f = schema.find(key);
                if (f == null || !f.key().equals(key)) {
                    throw error(source, line, key, "unknown key (expected one of " + String.join(", ", topKeys(schema))
                            + ")");
                }
                given.put(f.key(), convert(f, source, key, value));
            }
        }
        return new ConfigFile(source, name, description, given, lines);
    }

    /** A section's mapping: each key must be a field of {@code schema}; values into {@code given}, lines too. */
    static void readSection(ConfigSchema schema, String source, String section, Node value, Map<String, Object> given,
                            Map<String, Integer> lines) {
        if (!(value instanceof MapNode map)) {
            throw error(source, value.line(), section, "expected a mapping of settings, got " + shown(value));
        }
        for (Map.Entry<String, YamlTree.Entry> e : map.entries().entrySet()) {
            String key = section + "." + e.getKey();
            ConfigField f = schema.find(key);
            if (f == null || !f.key().equals(key)) {
                String known = String.join(", ", schema.inSection(section).stream().map(ConfigField::name).toList());
                throw error(source, e.getValue().keyLine(), key, "unknown key (expected one of " + known + ")");
            }
            given.put(f.key(), convert(f, source, key, e.getValue().value()));
            lines.put(f.key(), e.getValue().keyLine());
        }
    }

    private static List<String> topKeys(ConfigSchema schema) {
        List<String> keys = new ArrayList<>(List.of("name", "description"));
        keys.addAll(schema.sections());
        schema.inSection("").forEach(f -> keys.add(f.key()));
        return keys;
    }

    /** Every field of {@code schema}: as given, else its default; a required one missing names its key. */
    public Map<String, Object> resolve(ConfigSchema schema) {
        try {
            return schema.resolve(given, f -> false);
        } catch (ConfigProblem p) {
            throw problem(p);
        }
    }

    /** The name, or {@code fallback} when the file gives none. */
    public String nameOr(String fallback) {
        return name != null ? name : fallback;
    }

    /** Line of a key for messages: where it was written, else where its section was, else 1. */
    public int lineOf(String key) {
        return lines.getOrDefault(key, lines.getOrDefault(key.contains(".") ? key.substring(0, key.indexOf('.'))
                : key, 1));
    }

    /** A problem with a key that only the caller can judge, as {@code file:line: key: message}. */
    public UserInputException problem(String key, String message) {
        return error(source, lineOf(key), key, message);
    }

    public UserInputException problem(ConfigProblem p) {
        return problem(p.key(), p.getMessage());
    }

    static UserInputException error(String source, int line, String path, String message) {
        return new UserInputException(source + ":" + line + ": " + path + ": " + message);
    }

    private static String scalarText(String source, Node value, String path) {
        if (value instanceof ScalarNode s && s.kind() == ScalarKind.STRING) {
            return s.text();
        }
        throw error(source, value.line(), path, "expected a string, got " + shown(value));
    }

    static String shown(Node node) {
        if (node instanceof ScalarNode s) {
            return s.shown();
        }
        return node instanceof MapNode ? "a mapping" : "a list";
    }

    /**
     * A node as the field's value: a scalar converted by the field's type; for a list field a list of such (a
     * single scalar is a list of one); for a TEXT field also a mapping of scalars, read as the text
     * {@code {k: v, ...}} that the field's parser checks.
     */
    static Object convert(ConfigField f, String source, String path, Node value) {
        if (f.list()) {
            List<Node> items = value instanceof ListNode l ? l.items() : List.of(value);
            if (value instanceof MapNode) {
                throw error(source, value.line(), path, "expected a list of " + describe(f) + ", got a mapping");
            }
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                out.add(convertScalar(f, source, value instanceof ListNode ? path + "[" + i + "]" : path,
                        items.get(i)));
            }
            return List.copyOf(out);
        }
        if (f.type() == FieldType.TEXT && value instanceof MapNode map) {
            List<String> parts = new ArrayList<>();
            for (Map.Entry<String, YamlTree.Entry> e : map.entries().entrySet()) {
                if (!(e.getValue().value() instanceof ScalarNode s)) {
                    throw error(source, e.getValue().keyLine(), path + "." + e.getKey(), "expected a single value, got "
                            + shown(e.getValue().value()));
                }
                parts.add(e.getKey() + ": " + s.text());
            }
            return convertScalar(f, source, path, new ScalarNode(value.line(), ScalarKind.STRING,
                    "{" + String.join(", ", parts) + "}"));
        }
        return convertScalar(f, source, path, value);
    }

    private static Object convertScalar(ConfigField f, String source, String path, Node value) {
        if (!(value instanceof ScalarNode s)) {
            throw error(source, value.line(), path, "expected " + describe(f) + ", got " + shown(value));
        }
        try {
            return f.type().convert(new Raw(s.kind(), s.text()), f);
        } catch (FieldType.BadValue e) {
            throw error(source, value.line(), path, e.getMessage());
        }
    }

    static String describe(ConfigField f) {
        return f.type() == FieldType.CHOICE ? "one of " + String.join(", ", f.choices()) : f.type().expected();
    }
}
