package dev.scalelab.core.config;

import dev.scalelab.core.util.Rng;
import java.util.List;

/**
 * One swept setting of {@code parameters:}, W&B-style: a list of {@code values} (grid or random), or for random
 * search a {@code distribution} ({@code uniform}, {@code log_uniform_values}, {@code int_uniform}) with
 * {@code min} and {@code max}. {@code key} is the field key, {@code name} as the user wrote it; {@code line} is
 * where it was written (0 for a command-line override).
 */
public record ParameterSpec(String key, String name, List<Object> values, Distribution distribution, double min,
                            double max, int line) {

    public enum Distribution {
        VALUES("values"), UNIFORM("uniform"), LOG_UNIFORM_VALUES("log_uniform_values"), INT_UNIFORM("int_uniform");

        private final String id;

        Distribution(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        static Distribution parse(String text) {
            for (Distribution d : values()) {
                if (d.id.equals(text)) {
                    return d;
                }
            }
            return null;
        }
    }

    public ParameterSpec {
        values = values == null ? List.of() : List.copyOf(values);
    }

    public static ParameterSpec ofValues(String key, String name, List<Object> values, int line) {
        return new ParameterSpec(key, name, values, Distribution.VALUES, 0, 0, line);
    }

    public boolean discrete() {
        return distribution == Distribution.VALUES;
    }

    /** One random draw (random search). */
    Object sample(Rng rng) {
        return switch (distribution) {
            case VALUES -> values.get(rng.nextInt(values.size()));
            case UNIFORM -> rng.uniform(min, max);
            case LOG_UNIFORM_VALUES -> Math.exp(rng.uniform(Math.log(min), Math.log(max)));
            case INT_UNIFORM -> (long) min + rng.nextInt((int) (max - min) + 1);
        };
    }
}
