package dev.scalelab.scaling.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns inputs (sweep directories, CSV or JSONL tables) into a {@link FitPoints}: maps columns, derives D = C/(k·N)
 * or C = k·N·D where a column is absent or empty, applies the filters, and validates every value the fit needs.
 * Order of exclusions: runs whose {@code status} is not {@code done}, then each {@code --where} in turn, then
 * {@code --drop-highest K}. Bad values in kept rows are errors, never silently dropped.
 */
public final class DatasetLoader {
    /** The note counting runs skipped because their summary.json cannot be read (also a warning on stderr). */
    public static final String UNREADABLE_NOTE = "runs with an unreadable summary.json (skipped)";
    public static final String UNREADABLE_CURVES_NOTE = "runs whose metrics.jsonl cannot be read (corrupt, or a "
            + "line over 1 MiB): their loss curves left out";

    /** Which of N, D, C the fit needs (each may be derived from the other two). */
    public enum Need { N, D, C }

    /**
     * @param columns     the column mapping
     * @param k           FLOPs per parameter per sample, C = k·N·D
     * @param where       filters, applied in order
     * @param dropHighest drop this many highest-loss points after the filters
     * @param needs       variables the fit needs, besides the loss
     * @param clusterBy   the column whose value is each point's bootstrap cluster ({@code --bootstrap-by}), or null;
     *                    a name that is not a column matches the one column ending in "." + it (seed:
     *                    config.model.seed)
     */
    public record Options(ColumnMapping columns, double k, List<WhereFilter> where, int dropHighest,
                          List<Need> needs, String clusterBy) {
        public Options {
            if (!(k > 0) || !Double.isFinite(k)) {
                throw new InputException("--k must be a positive number, got " + k);
            }
            if (dropHighest < 0) {
                throw new InputException("--drop-highest must be >= 0, got " + dropHighest);
            }
            where = List.copyOf(where);
            needs = List.copyOf(needs);
        }

        /** Without bootstrap clusters. */
        public Options(ColumnMapping columns, double k, List<WhereFilter> where, int dropHighest, List<Need> needs) {
            this(columns, k, where, dropHighest, needs, null);
        }
    }

    private DatasetLoader() {
    }

    public static FitPoints load(List<Path> inputs, Options options) {
        if (inputs.isEmpty()) {
            throw new InputException("no input given");
        }
        ColumnMapping cols = options.columns();
        boolean trainLossCurves = cols.loss().contains("train");
        List<Row> rows = new ArrayList<>();
        Map<String, Integer> notes = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (Path in : inputs) {
            names.add(in.toString());
            if (Files.isDirectory(in)) {
                SweepReader.Result r = SweepReader.read(in, trainLossCurves);
                rows.addAll(r.rows());
                add(notes, "incomplete run directories (no summary.json), not rows", r.incompleteRuns());
                add(notes, "metrics.jsonl with a truncated last line (line ignored)", r.truncatedMetricLines());
                add(notes, UNREADABLE_NOTE, r.unreadableRuns());
                add(notes, UNREADABLE_CURVES_NOTE, r.unreadableCurves());
            } else if (Files.isRegularFile(in)) {
                TableReader.Table t = TableReader.read(in);
                rows.addAll(t.rows());
                add(notes, "tables with a truncated last JSON line (line ignored)", t.truncatedLastLine() ? 1 : 0);
            } else if (Files.exists(in)) {
                throw new InputException(in + ": not a regular file or a directory (a device, a pipe?): give a "
                        + "run-log directory or a CSV/JSONL table");
            } else {
                throw new InputException(in + ": no such file or directory");
            }
        }
        Map<String, Integer> excluded = new LinkedHashMap<>();
        List<Observation> kept = new ArrayList<>();
        for (Row row : rows) {
            String status = row.get("status");
            if (status != null && !status.equals("done")) {
                add(excluded, "status=" + status, 1);
                continue;
            }
            Mapped m = map(row, options, notes);
            boolean pass = true;
            for (WhereFilter w : options.where()) {
                if (!w.test(m.lookup(row, w.column()))) {
                    add(excluded, "where " + w.text(), 1);
                    pass = false;
                    break;
                }
            }
            if (!pass) {
                continue;
            }
            kept.add(m.validate(row, options, notes, options.clusterBy() == null ? null
                    : cluster(row, options.clusterBy())));
        }
        if (options.dropHighest() > 0) {
            int k = Math.min(options.dropHighest(), kept.size());
            List<Observation> byLoss = new ArrayList<>(kept);
            byLoss.sort(Comparator.comparingDouble(Observation::loss).reversed());
            List<Observation> drop = byLoss.subList(0, k);
            List<Observation> remaining = new ArrayList<>();
            java.util.IdentityHashMap<Observation, Boolean> dropSet = new java.util.IdentityHashMap<>();
            drop.forEach(o -> dropSet.put(o, true));
            for (Observation o : kept) {
                if (!dropSet.containsKey(o)) {
                    remaining.add(o);
                }
            }
            add(excluded, "drop-highest " + options.dropHighest(), k);
            kept = remaining;
        }
        notes.values().removeIf(v -> v == 0);
        return new FitPoints(List.copyOf(names), rows.size(), List.copyOf(kept), excluded, notes);
    }

    private static void add(Map<String, Integer> m, String key, int n) {
        m.merge(key, n, Integer::sum);
    }

    /** Raw text of N, D, C and the loss for one row (before validation), with the loss's column. */
    private record Mapped(String n, String d, String c, String loss, String lossColumn, double k) {
        /** The value a --where sees: mapped names resolve to their (possibly derived) values. */
        String lookup(Row row, String column) {
            switch (column) {
                case "N":
                    return n;
                case "D":
                    return d != null ? d : text(lenient(c) / (k * lenient(n)));
                case "C":
                    return c != null ? c : text(k * lenient(n) * lenient(d));
                case "loss":
                case "L":
                    return loss;
                default:
                    if (!row.has(column)) {
                        throw InputException.at(row.file(), row.row(), column, "not found (used in --where)");
                    }
                    return row.get(column);
            }
        }

        Observation validate(Row row, Options o, Map<String, Integer> notes, String cluster) {
            ColumnMapping cols = o.columns();
            boolean needN = o.needs().contains(Need.N);
            boolean needD = o.needs().contains(Need.D);
            boolean needC = o.needs().contains(Need.C);
            double lv = positive(row, lossColumn, loss);
            double nv = needN || (needD && d == null) || (needC && c == null) ? positive(row, cols.n(), n) : lenient(n);
            double dv;
            if (needD) {
                if (d != null || c == null) {
                    dv = positive(row, cols.d(), d);
                } else {
                    dv = positive(row, cols.c(), c) / (k * nv);
                    add(notes, "D derived as C/(k*N)", 1);
                }
            } else {
                dv = d != null ? lenient(d) : lenient(c) / (k * nv);
            }
            double cv;
            if (needC) {
                if (c != null || d == null) {
                    cv = positive(row, cols.c(), c);
                } else {
                    cv = k * nv * positive(row, cols.d(), d);
                    add(notes, "C derived as k*N*D", 1);
                }
            } else {
                cv = c != null ? lenient(c) : k * nv * dv;
            }
            return new Observation(nv, dv, cv, lv, row.file(), row.row(), row.curve(), cluster);
        }

        private static String text(double v) {
            return Double.isFinite(v) ? Double.toString(v) : null;
        }

        private static double lenient(String text) {
            Double v = text == null ? null : WhereFilter.number(text);
            return v != null && Double.isFinite(v) && v > 0 ? v : Double.NaN;
        }

        private static double positive(Row row, String column, String text) {
            if (text == null) {
                throw InputException.at(row.file(), row.row(), column, row.has(column) ? "missing value"
                        : "not found (columns: " + String.join(", ", row.values().keySet()) + ")");
            }
            Double v = WhereFilter.number(text);
            if (v == null) {
                throw InputException.at(row.file(), row.row(), column, "'" + text + "' is not a number");
            }
            if (!Double.isFinite(v) || v <= 0) {
                throw InputException.at(row.file(), row.row(), column, "value " + text
                        + " is not a positive finite number");
            }
            return v;
        }
    }

    /** The row's value of the cluster column {@code by}: the column itself, else the one whose name ends in ".by". */
    static String cluster(Row row, String by) {
        String column = by;
        if (!row.has(by)) {
            List<String> matches = row.values().keySet().stream().filter(c -> c.endsWith("." + by)).toList();
            if (matches.size() != 1) {
                throw InputException.at(row.file(), row.row(), by, (matches.isEmpty() ? "not found" : "ambiguous: "
                        + String.join(", ", matches) + "; give the full name") + " (used in --bootstrap-by"
                        + (matches.isEmpty() ? "; columns: " + String.join(", ", row.values().keySet()) : "") + ")");
            }
            column = matches.get(0);
        }
        String value = row.get(column);
        if (value == null) {
            throw InputException.at(row.file(), row.row(), column, "missing value (used in --bootstrap-by)");
        }
        return value;
    }

    private static Mapped map(Row row, Options o, Map<String, Integer> notes) {
        ColumnMapping cols = o.columns();
        String loss = row.get(cols.loss());
        String lossColumn = cols.loss();
        if (loss == null && cols.lossFallback() && row.get(ColumnMapping.FALLBACK_LOSS) != null) {
            loss = row.get(ColumnMapping.FALLBACK_LOSS);
            lossColumn = ColumnMapping.FALLBACK_LOSS;
            add(notes, "loss taken from " + ColumnMapping.FALLBACK_LOSS + " (" + cols.loss() + " empty)", 1);
        }
        return new Mapped(row.get(cols.n()), row.get(cols.d()), row.get(cols.c()), loss, lossColumn, o.k());
    }
}
