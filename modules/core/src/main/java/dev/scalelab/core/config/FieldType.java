package dev.scalelab.core.config;

import dev.scalelab.core.config.YamlTree.ScalarKind;
import java.util.regex.Pattern;

/**
 * The value types of config fields. Integers are held as {@link Long}, reals as {@link Double}, choices as
 * their canonical lower-case id ({@link String}).
 */
public enum FieldType {
    POSITIVE_INT("a positive integer"),
    NON_NEGATIVE_INT("a non-negative integer"),
    POSITIVE_REAL("a positive number"),
    NON_NEGATIVE_REAL("a non-negative number"),
    /** A real in [0, 1). */
    FRACTION("a number in [0, 1)"),
    CHOICE("one of the listed names"),
    /** Free text in a field's own small syntax, checked and normalised by the field ({@code train.phases}). */
    TEXT("text");

    private static final Pattern INT = Pattern.compile("[-+]?[0-9]+");
    private static final Pattern REAL = Pattern.compile("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?");

    private final String expected;

    FieldType(String expected) {
        this.expected = expected;
    }

    public String expected() {
        return expected;
    }

    /** A scalar as read from YAML or from an override (where the kind is guessed as YAML would). */
    public record Raw(ScalarKind kind, String text) {
        public String shown() {
            return kind == ScalarKind.STRING ? "\"" + text + "\"" : text;
        }

        /** Types bare override text the way YAML types a plain scalar. */
        public static Raw guess(String text) {
            String t = text.trim();
            if (INT.matcher(t).matches()) {
                return new Raw(ScalarKind.INT, t);
            }
            if (REAL.matcher(t).matches()) {
                return new Raw(ScalarKind.FLOAT, t);
            }
            if (t.equals("true") || t.equals("false")) {
                return new Raw(ScalarKind.BOOL, t);
            }
            if (t.isEmpty() || t.equals("null") || t.equals("~")) {
                return new Raw(ScalarKind.NULL, "null");
            }
            return new Raw(ScalarKind.STRING, t);
        }
    }

    /** Thrown by {@link #convert}; the message says what was expected and what was found. */
    public static final class BadValue extends Exception {
        private static final long serialVersionUID = 1L;

        public BadValue(String message) {
            super(message);
        }
    }

    /** Converts a scalar to this type's Java value, or says why it cannot. */
    public Object convert(Raw raw, ConfigField field) throws BadValue {
        String got = ", got " + raw.shown();
        switch (this) {
            case POSITIVE_INT, NON_NEGATIVE_INT -> {
                if (raw.kind() != ScalarKind.INT) {
                    throw new BadValue("expected " + expected + got);
                }
                long v;
                try {
                    v = Long.parseLong(raw.text().startsWith("+") ? raw.text().substring(1) : raw.text());
                } catch (NumberFormatException e) {
                    throw new BadValue("expected " + expected + got + " (too large)");
                }
                if (this == POSITIVE_INT ? v <= 0 : v < 0) {
                    throw new BadValue("expected " + expected + got);
                }
                if (v > field.max()) {
                    throw new BadValue("must be at most " + field.max() + got);
                }
                return v;
            }
            case POSITIVE_REAL, NON_NEGATIVE_REAL, FRACTION -> {
                boolean numeric = raw.kind() == ScalarKind.INT || raw.kind() == ScalarKind.FLOAT
                        || (raw.kind() == ScalarKind.STRING && REAL.matcher(raw.text()).matches());
                if (!numeric) {
                    throw new BadValue("expected " + expected + got);
                }
                double v = Double.parseDouble(raw.text());
                boolean ok = switch (this) {
                    case POSITIVE_REAL -> v > 0;
                    case NON_NEGATIVE_REAL -> v >= 0;
                    default -> v >= 0 && v < 1;
                };
                if (!ok || !Double.isFinite(v)) {
                    throw new BadValue("expected " + expected + got);
                }
                if (v > field.max()) {
                    throw new BadValue("must be at most " + field.max() + got);
                }
                return v;
            }
            case TEXT -> {
                if (raw.kind() == ScalarKind.NULL) {
                    return "";
                }
                try {
                    return field.normalizeText(raw.text());
                } catch (dev.scalelab.core.UserInputException e) {
                    throw new BadValue(e.getMessage());
                }
            }
            default -> {
                if (raw.kind() != ScalarKind.STRING) {
                    throw new BadValue("expected one of " + String.join(", ", field.choices()) + got);
                }
                String id = field.choiceOf(raw.text());
                if (id == null) {
                    throw new BadValue("expected one of " + String.join(", ", field.choices()) + got);
                }
                return id;
            }
        }
    }
}
