package dev.scalelab.pruning.config;

import dev.scalelab.core.UserInputException;
import dev.scalelab.core.config.ConfigField;
import dev.scalelab.core.config.ConfigFile;
import dev.scalelab.core.config.ConfigSchema;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A pruning config file read through core's config model: the file as read ({@link ConfigFile}: what was given
 * and where) and every setting of its {@link ConfigSchema} resolved with the fields' defaults. Its identity is
 * core's: {@link #id()} hashes the canonical default-free settings as a sweep run's id does, and
 * {@link #toYaml()} is core's canonical writer.
 */
public record PruneConfig(ConfigFile file, ConfigSchema schema, String name, Map<String, Object> values) {

    public PruneConfig {
        values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /** Resolves a read file; {@code defaultName} names the experiment when the file gives no {@code name}. */
    public static PruneConfig of(ConfigFile file, ConfigSchema schema, String defaultName) {
        return new PruneConfig(file, schema, file.nameOr(defaultName), file.resolve(schema));
    }

    /** Loads and resolves a config file of {@code schema}. */
    public static PruneConfig load(java.nio.file.Path path, ConfigSchema schema, String defaultName) {
        return of(ConfigFile.load(path, schema), schema, defaultName);
    }

    public String source() {
        return file.source();
    }

    public Object get(String key) {
        if (!values.containsKey(key)) {
            throw new IllegalArgumentException("no setting " + key);
        }
        return values.get(key);
    }

    public String text(String key) {
        return String.valueOf(get(key));
    }

    public long longValue(String key) {
        return ((Number) get(key)).longValue();
    }

    public int integer(String key) {
        return Math.toIntExact(longValue(key));
    }

    public double real(String key) {
        return ((Number) get(key)).doubleValue();
    }

    @SuppressWarnings("unchecked")
    public <T> List<T> list(String key) {
        return (List<T>) get(key);
    }

    /** A problem with a setting, as {@code file:line: key: message} (the key's line, else its section's). */
    public UserInputException problem(String key, String message) {
        return file.problem(key, message);
    }

    /** Runs a step that builds a spec, turning its bare validation message into one naming file, line and key. */
    public <T> T check(String key, java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (UserInputException e) {
            String msg = e.getMessage();
            if (msg.matches("^[^ ]+:\\d+: .*")) {
                throw e;
            }
            throw problem(e instanceof UserInputException.Field f ? f.field() : key, msg);
        }
    }

    /** Core's run id of these settings (sha256 of the canonical default-free {@code key=value} lines, 12 hex). */
    public String id() {
        return schema.id(values);
    }

    /** The resolved config as YAML (every setting, defaults included), itself a valid config of this command. */
    public String toYaml() {
        StringBuilder header = new StringBuilder("# ScaleLab run " + id() + ": the resolved config of " + source()
                + " (every setting, defaults included)\n");
        header.append("name: ").append(name).append('\n');
        if (file.description() != null) {
            header.append("description: \"").append(file.description().replace("\\", "\\\\").replace("\"", "\\\""))
                    .append("\"\n");
        }
        return schema.toYaml(header.toString(), values);
    }

    /** The settings as run logs record them: lists as their text ({@code [300, 100]}), everything else as is. */
    public Map<String, Object> flat() {
        Map<String, Object> flat = new TreeMap<>();
        values.forEach((k, v) -> flat.put(k, v instanceof List<?> ? ConfigField.render(v) : v));
        return flat;
    }
}
