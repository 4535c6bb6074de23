package dev.scalelab.scaling.data;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A row filter {@code COLUMN OP VALUE} with OP one of {@code <= >= != == = < >}. Numeric when both sides parse as
 * numbers, otherwise a text comparison (only {@code ==}/{@code =}/{@code !=}). COLUMN is a raw column name or one
 * of the mapped names N, D, C, loss.
 */
public record WhereFilter(String column, String op, String value, String text) {
    private static final Pattern SYNTAX = Pattern.compile("^\\s*([^<>=!]+?)\\s*(<=|>=|!=|==|=|<|>)\\s*(.*?)\\s*$");

    public static WhereFilter parse(String text) {
        Matcher m = SYNTAX.matcher(text);
        if (!m.matches() || m.group(3).isEmpty()) {
            throw new InputException("--where: expected COLUMN<op>VALUE with op one of <= >= != == = < >, got '"
                    + text + "'");
        }
        String op = m.group(2).equals("=") ? "==" : m.group(2);
        return new WhereFilter(m.group(1), op, m.group(3), text.trim());
    }

    /** Whether a row whose COLUMN holds {@code actual} (null = missing) passes. Missing values never pass. */
    public boolean test(String actual) {
        if (actual == null) {
            return false;
        }
        Double a = number(actual);
        Double b = number(value);
        if (a != null && b != null) {
            int c = Double.compare(a, b);
            return switch (op) {
                case "<" -> a < b;
                case "<=" -> a <= b;
                case ">" -> a > b;
                case ">=" -> a >= b;
                case "==" -> c == 0 || a.doubleValue() == b.doubleValue();
                case "!=" -> a.doubleValue() != b.doubleValue();
                default -> false;
            };
        }
        return switch (op) {
            case "==" -> actual.equals(value);
            case "!=" -> !actual.equals(value);
            default -> throw new InputException("--where " + text + ": '" + actual + "' or '" + value
                    + "' is not a number; text values allow only == and !=");
        };
    }

    static Double number(String s) {
        try {
            return Double.valueOf(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
