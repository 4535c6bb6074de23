package dev.scalelab.core.config;

import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The settings one kind of config file holds: a list of {@link ConfigField}s, looked up by key or short name.
 * {@link #CORE} is a sweep run's ({@link ConfigFields#ALL}); another module builds its own from core's fields
 * (the same objects, so a shared key has one type, default and help) plus fields of its own, without core
 * knowing them. Everything derived from a field list lives here once: the resolved values with defaults, the
 * canonical default-free text, the run id over it, and the resolved config as YAML.
 */
public final class ConfigSchema {
    /** A sweep run's settings. */
    public static final ConfigSchema CORE = new ConfigSchema(ConfigFields.ALL);

    private final List<ConfigField> fields;
    private final Map<String, ConfigField> byName = new LinkedHashMap<>();

    public ConfigSchema(List<ConfigField> fields) {
        this.fields = List.copyOf(fields);
        for (ConfigField f : this.fields) {
            if (byName.put(f.key(), f) != null) {
                throw new IllegalStateException("config field " + f.key() + " is declared twice");
            }
        }
        for (ConfigField f : this.fields) {
            for (String alias : f.aliases()) {
                if (byName.putIfAbsent(alias, f) != null) {
                    throw new IllegalStateException("alias " + alias + " is taken");
                }
            }
        }
    }

    /** Core's fields with these keys (the same objects), in this order. */
    public static List<ConfigField> core(String... keys) {
        List<ConfigField> out = new ArrayList<>();
        for (String key : keys) {
            out.add(ConfigFields.get(key));
        }
        return out;
    }

    /** This schema's fields followed by {@code more}. */
    public ConfigSchema with(List<ConfigField> more) {
        List<ConfigField> all = new ArrayList<>(fields);
        all.addAll(more);
        return new ConfigSchema(all);
    }

    public List<ConfigField> fields() {
        return fields;
    }

    /** The field with this key or short name, or null. */
    public ConfigField find(String name) {
        return byName.get(name);
    }

    /** The sections ({@code task}, {@code model}, ...) in the order their first field is declared. */
    public List<String> sections() {
        LinkedHashSet<String> s = new LinkedHashSet<>();
        for (ConfigField f : fields) {
            if (!f.section().isEmpty()) {
                s.add(f.section());
            }
        }
        return List.copyOf(s);
    }

    /** The fields of a section ("" for the top-level ones). */
    public List<ConfigField> inSection(String section) {
        return fields.stream().filter(f -> f.section().equals(section)).toList();
    }

    /**
     * Every field's value: as given, else its default, sorted by key. A required field not given is a problem,
     * unless {@code mayBeAbsent} says this config has no use for it (task.n of a streaming task).
     */
    public Map<String, Object> resolve(Map<String, Object> given, java.util.function.Predicate<ConfigField> mayBeAbsent)
            throws ConfigProblem {
        Map<String, Object> all = new TreeMap<>();
        for (ConfigField f : fields) {
            Object v = given.get(f.key());
            if (v == null) {
                if (mayBeAbsent.test(f)) {
                    continue;
                }
                if (f.required()) {
                    throw new ConfigProblem(f.key(), "required setting is missing (" + f.help() + ")");
                }
                v = f.defaultValue();
            }
            all.put(f.key(), v);
        }
        return all;
    }

    /**
     * Sorted {@code key=value} lines, each ending in a newline, leaving out every key at its default (so adding
     * a field with a default keeps every old text, and so every old id). Keys this schema does not know are kept.
     */
    public String canonical(Map<String, Object> values) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Object> e : new TreeMap<>(values).entrySet()) {
            ConfigField f = find(e.getKey());
            if (f != null && f.isDefault(e.getValue())) {
                continue;
            }
            sb.append(e.getKey()).append('=').append(ConfigField.render(e.getValue())).append('\n');
        }
        return sb.toString();
    }

    /** A run id: the first 12 hex digits of SHA-256 over a canonical text. */
    public static String idOf(String canonical) {
        return Hashing.sha256().hashString(canonical, StandardCharsets.UTF_8).toString().substring(0, 12);
    }

    /** The run id of resolved values: {@link #idOf} over {@link #canonical}. */
    public String id(Map<String, Object> values) {
        return idOf(canonical(values));
    }

    /**
     * Resolved values as YAML, every setting by section (defaults included), then the top-level ones; values not
     * present are left out. {@code header} (comment or extra lines, each ending in a newline) comes first.
     */
    public String toYaml(String header, Map<String, Object> values) {
        StringBuilder sb = new StringBuilder(header);
        for (String section : sections()) {
            sb.append(section).append(":\n");
            for (ConfigField f : inSection(section)) {
                if (values.containsKey(f.key())) {
                    sb.append("  ").append(f.name()).append(": ").append(ConfigField.render(values.get(f.key())))
                            .append('\n');
                }
            }
        }
        for (ConfigField f : inSection("")) {
            if (values.containsKey(f.key())) {
                sb.append(f.key()).append(": ").append(ConfigField.render(values.get(f.key()))).append('\n');
            }
        }
        return sb.toString();
    }
}
