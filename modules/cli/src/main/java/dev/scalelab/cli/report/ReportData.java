package dev.scalelab.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scalelab.core.run.BuildInfo;
import dev.scalelab.core.run.RunLogs;
import dev.scalelab.core.run.RunScan;
import dev.scalelab.core.run.RunStore;
import dev.scalelab.core.run.RunSummary;
import dev.scalelab.core.run.RunTable;
import dev.scalelab.core.run.SweepDirectory;
import dev.scalelab.core.run.SweepManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The data of a report, as the one JSON document the page embeds: the runs table (every column of {@code sweep
 * table} plus {@code reason}; constant columns once, varying ones per run), the loss curves aggregated over seeds
 * ({@link Curves}), provenance per run (each field dictionary-encoded), progress, and any {@code fit} results found
 * in the directory (files named {@code fit*.json}).
 */
public final class ReportData {
    /** Columns the page always shows per run, even when every run has the same value. */
    static final List<String> ALWAYS_SHOWN = List.of("run_id", "status");
    /** The budget of curve numbers in a report (about 7 bytes each): what keeps 100,000 runs under 25 MB. */
    static final long CURVE_NUMBERS = 1_200_000;
    static final int MAX_POINTS = 200;
    static final int MIN_POINTS = 6;

    private ReportData() {
    }

    /** True for the config keys that name a seed ({@code model.seed}, {@code seed}, {@code task.data_seed}). */
    static boolean isSeed(String column) {
        String last = column.substring(column.lastIndexOf('.') + 1);
        return last.equals("seed") || last.endsWith("_seed");
    }

    /** Builds the document for {@code dir}; {@code groupBy} (may be empty) are the keys the page offers first. */
    public static ObjectNode build(Path dir, List<String> groupBy, int watchSeconds, Instant now) throws IOException {
        RunScan scan = RunScan.of(dir);
        List<String> keys = new ArrayList<>(scan.complete().keySet());
        List<RunSummary> summaries = keys.stream().map(k -> scan.complete().get(k)).toList();
        RunTable table = new RunTable(summaries);
        ObjectNode doc = RunLogs.JSON.createObjectNode();
        doc.put("schema", 1);
        doc.put("title", titleOf(dir));
        doc.put("dir", dir.toString());
        doc.put("generated", now.toString());
        BuildInfo build = BuildInfo.current();
        doc.put("scalelab", build.version() + " (" + build.commit().substring(0, Math.min(12, build.commit().length()))
                + (Boolean.TRUE.equals(build.dirty()) ? ", dirty" : "") + ")");
        doc.put("watch", watchSeconds);

        // The table: constants once, varying columns per row.
        List<String> columns = new ArrayList<>(table.columns());
        columns.add("reason");
        List<List<Object>> cells = new ArrayList<>();
        for (String c : table.columns()) {
            cells.add(table.column(c));
        }
        List<Object> reasons = new ArrayList<>();
        for (RunSummary s : summaries) {
            reasons.add(reason(s));
        }
        cells.add(reasons);
        ObjectNode constants = doc.putObject("constants");
        List<Integer> varying = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            List<Object> col = cells.get(c);
            boolean constant = !ALWAYS_SHOWN.contains(columns.get(c)) && !col.isEmpty()
                    && col.stream().allMatch(v -> Objects.equals(v, col.get(0)));
            if (constant) {
                constants.set(columns.get(c), RunLogs.JSON.valueToTree(col.get(0)));
            } else {
                varying.add(c);
            }
        }
        ArrayNode cols = doc.putArray("columns");
        for (int c : varying) {
            cols.add(columns.get(c));
        }
        ArrayNode rows = doc.putArray("rows");
        for (int r = 0; r < summaries.size(); r++) {
            ArrayNode row = rows.addArray();
            for (int c : varying) {
                row.add(RunLogs.JSON.<JsonNode>valueToTree(cells.get(c).get(r)));
            }
        }
        ArrayNode all = doc.putArray("all_columns");
        columns.forEach(all::add);
        ArrayNode gb = doc.putArray("group_by");
        groupBy.forEach(gb::add);

        doc.set("progress", progress(dir, scan, now));
        doc.set("curves", curves(scan, keys, summaries));
        doc.set("provenance", provenance(scan, keys));
        doc.set("fits", fits(dir));
        return doc;
    }

    private static String titleOf(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        return abs.getFileName() == null ? abs.toString() : abs.getFileName().toString();
    }

    /** Why a run is not a plain success: the error of a failed run, the step a diverged run blew up at. */
    static String reason(RunSummary s) {
        if (RunSummary.FAILED.equals(s.status())) {
            return s.error() == null ? "failed (no error recorded)" : s.error();
        }
        if (RunSummary.DIVERGED.equals(s.status())) {
            return "loss not finite at step " + (s.divergedAtStep() == null ? "?" : s.divergedAtStep());
        }
        return null;
    }

    private static ObjectNode progress(Path dir, RunScan scan, Instant now) throws IOException {
        ObjectNode p = RunLogs.JSON.createObjectNode();
        Map<String, String> statuses = new TreeMap<>();
        scan.complete().forEach((k, s) -> statuses.put(k, s.status()));
        boolean sweep = Files.isRegularFile(dir.resolve(SweepDirectory.MANIFEST));
        SweepDirectory sd = new SweepDirectory(dir);
        SweepManifest manifest = sweep ? sd.manifest() : null;
        Map<String, Integer> counts = sd.statusCounts(new SweepDirectory.Statuses(statuses, scan.unreadable()),
                manifest == null ? null : manifest.runIds(), manifest == null ? null : manifest.latestRunIds());
        if (!scan.incomplete().isEmpty()) {
            counts.put("incomplete", scan.incomplete().size());
        }
        p.put("sweep", sweep);
        p.set("counts", RunLogs.JSON.valueToTree(counts));
        int pending = counts.getOrDefault("pending", 0);
        p.put("pending", pending);
        // ETA from the rate of runs finished since the latest `sweep run` started (sweep.json's `updated`).
        Instant since = manifest == null ? null : instant(manifest.updated());
        if (pending > 0 && since != null) {
            int finished = 0;
            for (Map.Entry<String, RunSummary> e : scan.complete().entrySet()) {
                Instant ended = ended(scan.dir(e.getKey()));
                if (ended != null && !ended.isBefore(since)) {
                    finished++;
                }
            }
            double elapsed = Duration.between(since, now).toMillis() / 1000.0;
            if (finished > 0 && elapsed > 0) {
                p.put("eta_seconds", Math.round(pending * elapsed / finished));
                p.put("rate_per_minute", Math.round(60.0 * finished / elapsed * 10) / 10.0);
            }
        }
        return p;
    }

    private static Instant ended(Path runDir) {
        try {
            JsonNode prov = RunLogs.JSON.readTree(runDir.resolve(RunStore.PROVENANCE).toFile());
            return prov == null ? null : instant(prov.path("ended").asText(null));
        } catch (IOException e) {
            return null;
        }
    }

    private static Instant instant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Seed groups: runs whose configs are equal but for the seed keys; curves aggregated per group. */
    private static ObjectNode curves(RunScan scan, List<String> keys, List<RunSummary> summaries) throws IOException {
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int r = 0; r < summaries.size(); r++) {
            TreeMap<String, Object> cfg = new TreeMap<>();
            Map<String, Object> config = summaries.get(r).config();
            if (config != null) {
                config.forEach((k, v) -> {
                    if (!isSeed("config." + k)) {
                        cfg.put(k, v);
                    }
                });
            }
            groups.computeIfAbsent(cfg.toString(), k -> new ArrayList<>()).add(r);
        }
        int points = (int) Math.max(MIN_POINTS, Math.min(MAX_POINTS,
                CURVE_NUMBERS / Math.max(1, (long) groups.size() * (2 + 4 * Curves.METRICS.size()))));
        ObjectNode c = RunLogs.JSON.createObjectNode();
        c.put("points_per_curve", points);
        ArrayNode out = c.putArray("groups");
        List<String> unreadable = java.util.Collections.synchronizedList(new ArrayList<>());
        List<ObjectNode> aggregated = new ArrayList<>(groups.values()).parallelStream().map(members -> {
            List<Curves.Run> runs = new ArrayList<>();
            for (int r : members) {
                Path file = scan.dir(keys.get(r)).resolve(RunStore.METRICS);
                try {
                    runs.add(Curves.Run.read(file));
                } catch (IOException | RuntimeException e) { // a damaged log costs its run's curve, not the report
                    String m = String.valueOf(e.getMessage());
                    unreadable.add(m.startsWith(file.toString()) ? m : file + ": " + m);
                    runs.add(Curves.Run.EMPTY);
                }
            }
            return Curves.aggregate(runs, members.stream().mapToInt(Integer::intValue).toArray(), points);
        }).toList();
        aggregated.forEach(out::add);
        ArrayNode bad = c.putArray("unreadable");
        unreadable.stream().sorted().forEach(bad::add);
        return c;
    }

    /** Per field of provenance.json: its distinct values once and, per run, the index of its value (−1: absent). */
    private static ObjectNode provenance(RunScan scan, List<String> keys) {
        Map<String, Map<String, Integer>> index = new LinkedHashMap<>();
        Map<String, ArrayNode> values = new LinkedHashMap<>();
        Map<String, int[]> per = new LinkedHashMap<>();
        for (int r = 0; r < keys.size(); r++) {
            JsonNode prov;
            try {
                Path file = scan.dir(keys.get(r)).resolve(RunStore.PROVENANCE);
                prov = Files.isRegularFile(file) ? RunLogs.JSON.readTree(file.toFile()) : null;
            } catch (IOException e) {
                prov = null;
            }
            if (prov == null || !prov.isObject()) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = prov.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String field = e.getKey();
                Map<String, Integer> ix = index.computeIfAbsent(field, k -> new LinkedHashMap<>());
                ArrayNode vs = values.computeIfAbsent(field, k -> RunLogs.JSON.createArrayNode());
                int[] runs = per.computeIfAbsent(field, k -> filled(keys.size()));
                String text = e.getValue().toString();
                Integer i = ix.get(text);
                if (i == null) {
                    i = ix.size();
                    ix.put(text, i);
                    vs.add(e.getValue());
                }
                runs[r] = i;
            }
        }
        ObjectNode p = RunLogs.JSON.createObjectNode();
        for (String field : values.keySet()) {
            ObjectNode f = p.putObject(field);
            f.set("values", values.get(field));
            ArrayNode ix = f.putArray("index");
            for (int i : per.get(field)) {
                ix.add(i);
            }
        }
        return p;
    }

    private static int[] filled(int n) {
        int[] a = new int[n];
        java.util.Arrays.fill(a, -1);
        return a;
    }

    /** {@code fit*.json} files directly in the directory (e.g. {@code scalelab fit DIR --json > DIR/fit.json}). */
    private static ArrayNode fits(Path dir) throws IOException {
        ArrayNode fits = RunLogs.JSON.createArrayNode();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches("fit.*\\.json")).sorted().toList()) {
                try {
                    JsonNode doc = RunLogs.JSON.readTree(f.toFile());
                    if (doc != null && doc.isObject()) {
                        ObjectNode o = fits.addObject();
                        o.put("file", f.getFileName().toString());
                        o.set("fit", doc);
                    }
                } catch (IOException e) {
                    ObjectNode o = fits.addObject();
                    o.put("file", f.getFileName().toString());
                    o.put("error", "not readable as JSON: " + e.getClass().getSimpleName());
                }
            }
        }
        return fits;
    }
}
