package dev.scalelab.core.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scalelab.core.config.ConfigField;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The table of a sweep (one row per complete run) in the columns docs/run-logs.md fixes: {@code run_id},
 * {@code status}, every {@code config.*} key, then the measures, then every extra metric any run recorded
 * ({@code pieces}, {@code layer1/w_max}, ...; empty where a run has none). CSV feeds the scaling fitter as is
 * (N=params, D=samples, C=flops, loss=final_test_loss or else final_train_loss); empty cells are nulls.
 */
public final class RunTable {
    public static final List<String> MEASURES = List.of("params", "samples", "flops", "steps", "final_train_loss",
            "final_test_loss", "best_train_loss", "best_test_loss", "final_test_accuracy", "wall_seconds");

    public enum Format { CSV, MD, JSON;
        public static Format parse(String text) {
            try {
                return valueOf(text.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new dev.scalelab.core.UserInputException("unknown table format '" + text
                        + "' (expected csv, md or json)");
            }
        }
    }

    private final List<String> columns = new ArrayList<>();
    private final List<List<Object>> rows = new ArrayList<>();

    public RunTable(Collection<RunSummary> summaries) {
        TreeSet<String> configKeys = new TreeSet<>();
        TreeSet<String> metricKeys = new TreeSet<>();
        for (RunSummary s : summaries) {
            if (s.config() != null) {
                configKeys.addAll(s.config().keySet());
            }
            if (s.metrics() != null) {
                metricKeys.addAll(s.metrics().keySet());
            }
        }
        columns.add("run_id");
        columns.add("status");
        for (String k : configKeys) {
            columns.add("config." + k);
        }
        columns.addAll(MEASURES);
        columns.addAll(metricKeys);
        for (RunSummary s : summaries) {
            List<Object> row = new ArrayList<>();
            row.add(s.runId());
            row.add(s.status());
            for (String k : configKeys) {
                row.add(s.config() == null ? null : s.config().get(k));
            }
            row.add(s.params());
            row.add(s.samples());
            row.add(s.flops());
            row.add(s.steps());
            row.add(s.finalTrainLoss());
            row.add(s.finalTestLoss());
            row.add(s.bestTrainLoss());
            row.add(s.bestTestLoss());
            row.add(s.finalTestAccuracy());
            row.add(s.wallSeconds());
            for (String k : metricKeys) {
                row.add(s.metrics() == null ? null : s.metrics().get(k));
            }
            rows.add(row);
        }
    }

    private RunTable(List<String> columns, List<List<Object>> rows) {
        this.columns.addAll(columns);
        this.rows.addAll(rows);
    }

    /** The columns whose value differs between some two rows (every column when there is at most one row). */
    public List<String> varyingColumns() {
        List<String> varying = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            int col = c;
            if (rows.size() < 2 || rows.stream().anyMatch(r -> !java.util.Objects.equals(r.get(col), rows.get(0).get(col)))) {
                varying.add(columns.get(c));
            }
        }
        return varying;
    }

    /** The same rows with only {@code names} (existing columns), in that order. */
    public RunTable select(List<String> names) {
        List<Integer> idx = new ArrayList<>();
        for (String n : names) {
            int i = columns.indexOf(n);
            if (i < 0) {
                throw new IllegalArgumentException("no column " + n);
            }
            idx.add(i);
        }
        List<List<Object>> out = new ArrayList<>();
        for (List<Object> row : rows) {
            List<Object> r = new ArrayList<>();
            for (int i : idx) {
                r.add(row.get(i));
            }
            out.add(r);
        }
        return new RunTable(names, out);
    }

    /**
     * The rows sorted by one column (a stable sort): numbers by value, anything else by its text, empty cells last
     * in either direction.
     */
    public RunTable sortedBy(String column, boolean descending) {
        int i = columns.indexOf(column);
        if (i < 0) {
            throw new IllegalArgumentException("no column " + column);
        }
        java.util.Comparator<Object> values = (a, b) -> a instanceof Number x && b instanceof Number y
                ? Double.compare(x.doubleValue(), y.doubleValue()) : String.valueOf(a).compareTo(String.valueOf(b));
        List<List<Object>> out = new ArrayList<>(rows);
        out.sort((a, b) -> {
            Object x = a.get(i);
            Object y = b.get(i);
            if (x == null || y == null) {
                return x == null ? (y == null ? 0 : 1) : -1;
            }
            return descending ? values.compare(y, x) : values.compare(x, y);
        });
        return new RunTable(columns, out);
    }

    public List<String> columns() {
        return List.copyOf(columns);
    }

    public int size() {
        return rows.size();
    }

    /** The cells of one column, one per row (null where empty), or null when there is no such column. */
    public List<Object> column(String name) {
        int i = columns.indexOf(name);
        if (i < 0) {
            return null;
        }
        List<Object> cells = new ArrayList<>();
        for (List<Object> row : rows) {
            cells.add(row.get(i));
        }
        return cells;
    }

    public String render(Format format) {
        return switch (format) {
            case CSV -> csv();
            case MD -> markdown();
            case JSON -> json();
        };
    }

    /** A cell as the CSV writes it: empty for null, numbers as plain decimals. */
    public static String cell(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d) {
            return Double.isFinite(d) ? ConfigField.render(d) : "";
        }
        if (v instanceof Float f) {
            return cell(f.doubleValue());
        }
        return String.valueOf(v);
    }

    private String csv() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.join(",", columns)).append('\n');
        for (List<Object> row : rows) {
            List<String> cells = new ArrayList<>();
            for (Object v : row) {
                String c = cell(v);
                if (c.contains(",") || c.contains("\"") || c.contains("\n")) {
                    c = "\"" + c.replace("\"", "\"\"") + "\"";
                }
                cells.add(c);
            }
            sb.append(String.join(",", cells)).append('\n');
        }
        return sb.toString();
    }

    private String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("| ").append(String.join(" | ", columns)).append(" |\n|");
        sb.append("---|".repeat(columns.size())).append('\n');
        for (List<Object> row : rows) {
            sb.append("| ");
            List<String> cells = new ArrayList<>();
            for (Object v : row) {
                cells.add(cell(v).replace("|", "\\|"));
            }
            sb.append(String.join(" | ", cells)).append(" |\n");
        }
        return sb.toString();
    }

    private String json() {
        ArrayNode array = RunLogs.JSON.createArrayNode();
        for (List<Object> row : rows) {
            ObjectNode o = array.addObject();
            for (int i = 0; i < columns.size(); i++) {
                o.set(columns.get(i), RunLogs.JSON.valueToTree(row.get(i)));
            }
        }
        return new String(RunLogs.pretty(array), java.nio.charset.StandardCharsets.UTF_8);
    }
}
