package dev.scalelab.scaling.data;

import java.util.Map;

/**
 * One input row: its values as text by column name (absent or empty = missing), where it came from
 * ({@code file}, 1-based data {@code row}, not counting a CSV header), and curves from its run directory if any.
 */
public record Row(String file, int row, Map<String, String> values, RunCurve curve) {
    public String get(String column) {
        String v = values.get(column);
        return v == null || v.isEmpty() ? null : v;
    }

    public boolean has(String column) {
        return values.containsKey(column);
    }
}
