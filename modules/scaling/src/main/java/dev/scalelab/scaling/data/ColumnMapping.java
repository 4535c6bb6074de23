package dev.scalelab.scaling.data;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which input columns hold N, D, C and the loss. The default, {@code N=params,D=samples,C=flops,loss=final_test_loss},
 * reads ScaleLab run logs and {@code sweep table} CSVs; with the default loss column an empty test loss falls
 * back to {@code final_train_loss}.
 */
public record ColumnMapping(String n, String d, String c, String loss, boolean lossFallback) {
    public static final String FALLBACK_LOSS = "final_train_loss";

    public static ColumnMapping defaults() {
        return new ColumnMapping("params", "samples", "flops", "final_test_loss", true);
    }

    /** Parses "N=params,D=tokens,C=flops,loss=loss"; keys not given keep their defaults. */
    public static ColumnMapping parse(String spec) {
        ColumnMapping def = defaults();
        if (spec == null || spec.isBlank()) {
            return def;
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (String part : spec.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0 || eq == part.length() - 1) {
                throw new InputException("--columns: expected KEY=COLUMN, got '" + part.trim() + "'");
            }
            String key = part.substring(0, eq).trim();
            String col = part.substring(eq + 1).trim();
            String canon = switch (key) {
                case "N", "n" -> "N";
                case "D", "d" -> "D";
                case "C", "c" -> "C";
                case "loss", "L" -> "loss";
                default -> throw new InputException("--columns: unknown key '" + key + "' (use N, D, C, loss)");
            };
            if (m.containsKey(canon)) {
                throw new InputException("--columns: " + canon + " is given twice ('" + m.get(canon) + "' and '" + col
                        + "')");
            }
            for (Map.Entry<String, String> other : m.entrySet()) {
                if (other.getValue().equals(col)) {
                    throw new InputException("--columns: " + other.getKey() + " and " + canon + " both read column '"
                            + col + "'");
                }
            }
            m.put(canon, col);
        }
        String loss = m.getOrDefault("loss", def.loss());
        return new ColumnMapping(m.getOrDefault("N", def.n()), m.getOrDefault("D", def.d()),
                m.getOrDefault("C", def.c()), loss, !m.containsKey("loss"));
    }

    @Override
    public String toString() {
        return "N=" + n + ",D=" + d + ",C=" + c + ",loss=" + loss + (lossFallback ? " (else " + FALLBACK_LOSS + ")" : "");
    }
}
