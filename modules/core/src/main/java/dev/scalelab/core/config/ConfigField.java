package dev.scalelab.core.config;

import dev.scalelab.core.UserInputException;
import java.math.BigDecimal;
import java.util.List;
import java.util.function.Function;

/**
 * One setting of a run: its flattened key ({@code model.width}), the short names it may be given in
 * {@code parameters:} and {@code -o} overrides ({@code width}), its type and range, its default (null when
 * the setting is required) and its help text. {@link ConfigFields} lists them all; the loader, the overrides,
 * the canonical id and the docs are all derived from that one list. A {@code list} field holds a
 * {@code List} of values of its type (pruning's {@code model.widths}, {@code seeds}); other modules declare
 * their own fields with the same factories and combine them with core's in a {@link ConfigSchema}.
 */
public record ConfigField(String key, List<String> aliases, FieldType type, Object defaultValue, double max,
                          List<String> choices, Function<String, String> normalizer, String help, boolean list,
                          boolean perModel) {

    public ConfigField {
        aliases = List.copyOf(aliases);
        choices = List.copyOf(choices);
        if (list && defaultValue != null) {
            defaultValue = List.copyOf((List<?>) defaultValue);
        }
    }

    public ConfigField(String key, List<String> aliases, FieldType type, Object defaultValue, double max,
                       List<String> choices, Function<String, String> normalizer, String help) {
        this(key, aliases, type, defaultValue, max, choices, normalizer, help, false, false);
    }

    /** This field holding a list of its values; {@code defaultValue} is the default list (null: required). */
    public ConfigField asList(List<?> defaultValue) {
        return new ConfigField(key, aliases, type, defaultValue, max, choices, normalizer, help, true, perModel);
    }

    public static ConfigField of(String key, List<String> aliases, FieldType type, Object defaultValue, String help) {
        return new ConfigField(key, aliases, type, defaultValue, Double.MAX_VALUE, List.of(), null, help);
    }

    public static ConfigField bounded(String key, List<String> aliases, FieldType type, Object defaultValue, double max,
                               String help) {
        return new ConfigField(key, aliases, type, defaultValue, max, List.of(), null, help);
    }

    /** A choice among names; {@code parser} maps user text to an enum-like value whose toString is the id. */
    public static ConfigField choice(String key, List<String> aliases, String defaultValue, List<String> choices,
                              Function<String, ?> parser, String help) {
        Function<String, String> normalizer = text -> {
            try {
                return String.valueOf(parser.apply(text));
            } catch (UserInputException e) {
                return null;
            }
        };
        return new ConfigField(key, aliases, FieldType.CHOICE, defaultValue, Double.MAX_VALUE, choices, normalizer,
                help);
    }

    /**
     * Free text normalised (and checked) by {@code parser}, which throws a {@link UserInputException} saying what
     * is wrong; an empty text means the default.
     */
    public static ConfigField text(String key, List<String> aliases, String defaultValue, Function<String, String> parser,
                            String help) {
        return new ConfigField(key, aliases, FieldType.TEXT, defaultValue, Double.MAX_VALUE, List.of(), parser, help);
    }

    /**
     * This field, marked as one of a model's own settings ({@code ModelSettings}): runs that differ only in such
     * fields train as the K models of one batched job.
     */
    ConfigField asPerModel() {
        return new ConfigField(key, aliases, type, defaultValue, max, choices, normalizer, help, list, true);
    }

    /** A TEXT field's value in its normal form; throws {@link UserInputException} when it does not parse. */
    String normalizeText(String text) {
        return normalizer.apply(text);
    }

    public boolean required() {
        return defaultValue == null;
    }

    /** The section ({@code model}) or "" for a top-level field. */
    public String section() {
        int dot = key.indexOf('.');
        return dot < 0 ? "" : key.substring(0, dot);
    }

    /** The name inside its section ({@code width}). */
    public String name() {
        return key.substring(key.indexOf('.') + 1);
    }

    String choiceOf(String text) {
        return normalizer == null ? null : normalizer.apply(text);
    }

    public boolean isDefault(Object value) {
        return defaultValue != null && render(defaultValue).equals(render(value));
    }

    /**
     * The canonical text of a value: integers in decimal, reals as the shortest plain decimal that reads back
     * to the same double ({@code 0.01}, {@code 0.0001}, {@code 1}), choices as their id, lists as
     * {@code [a, b]} (a YAML flow list).
     */
    public static String render(Object value) {
        if (value instanceof List<?> l) {
            return l.stream().map(ConfigField::render).collect(java.util.stream.Collectors.joining(", ", "[", "]"));
        }
        if (value instanceof Double d) {
            BigDecimal b = new BigDecimal(Double.toString(d)).stripTrailingZeros();
            return b.scale() < 0 ? b.setScale(0).toPlainString() : b.toPlainString();
        }
        return String.valueOf(value);
    }
}
