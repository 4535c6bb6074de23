package dev.scalelab.core.config;

import java.util.Map;

/** Typed access to a flattened config; missing keys read as their defaults. */
final class Flat {
    private final Map<String, Object> values;

    Flat(Map<String, Object> values) {
        this.values = values;
    }

    Object get(String key) {
        Object v = values.get(key);
        return v != null ? v : ConfigFields.get(key).defaultValue();
    }

    boolean isAbsent(String key) {
        return get(key) == null;
    }

    String text(String key) {
        return String.valueOf(get(key));
    }

    long longValue(String key) {
        return ((Number) get(key)).longValue();
    }

    int integer(String key) {
        return Math.toIntExact(longValue(key));
    }

    double real(String key) {
        return ((Number) get(key)).doubleValue();
    }
}
