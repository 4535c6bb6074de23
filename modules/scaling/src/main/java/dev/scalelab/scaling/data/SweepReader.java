package dev.scalelab.scaling.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads a sweep directory as described in docs/run-logs.md: one row per run directory with a summary.json
 * (flattened: {@code params}, ..., {@code config.model.width}), and the run's metrics.jsonl curve when present.
 * Rejects a schema_version above 1; ignores unknown fields; tolerates a truncated last line in metrics.jsonl.
 */
public final class SweepReader {
    public static final int SCHEMA_VERSION = 1;

    /** The rows, plus counts of what was skipped or tolerated. */
    public record Result(List<Row> rows, int incompleteRuns, int truncatedMetricLines) {
    }

    private SweepReader() {
    }

    /**
     * @param curveLossKeys metrics.jsonl fields to take the curve's loss from, first present wins
     */
    public static Result read(Path dir, List<String> curveLossKeys) {
        Path sweepJson = dir.resolve("sweep.json");
        if (Files.isRegularFile(sweepJson)) {
            checkSchema(sweepJson, readJson(sweepJson));
        }
        List<Path> runDirs = new ArrayList<>();
        if (Files.isRegularFile(dir.resolve("summary.json"))) {
            runDirs.add(dir);
        } else {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(Files::isDirectory).sorted().forEach(runDirs::add);
            } catch (IOException e) {
                throw new InputException(dir + ": cannot list directory (" + e.getMessage() + ")", e);
            }
        }
        List<Row> rows = new ArrayList<>();
        int incomplete = 0;
        int truncated = 0;
        for (Path run : runDirs) {
            Path summary = run.resolve("summary.json");
            if (!Files.isRegularFile(summary)) {
                if (Files.exists(run.resolve("metrics.jsonl")) || Files.exists(run.resolve("config.yaml"))) {
                    incomplete++;
                }
                continue;
            }
            JsonNode node = readJson(summary);
            checkSchema(summary, node);
            Map<String, String> values = TableReader.flatten(node);
            RunCurve curve = null;
            Path metrics = run.resolve("metrics.jsonl");
            if (Files.isRegularFile(metrics)) {
                double params = parseOr(values.get("params"));
                CurveRead cr = readCurve(metrics, run.getFileName().toString(), params, curveLossKeys);
                curve = cr.curve;
                truncated += cr.truncated ? 1 : 0;
            }
            rows.add(new Row(summary.toString(), 1, values, curve));
        }
        if (rows.isEmpty()) {
            throw new InputException(dir + ": no run directory with a summary.json (is this a sweep directory?)");
        }
        return new Result(rows, incomplete, truncated);
    }

    private record CurveRead(RunCurve curve, boolean truncated) {
    }

    private static CurveRead readCurve(Path metrics, String runId, double params, List<String> lossKeys) {
        List<String> lines = TableReader.lines(metrics);
        int last = lines.size() - 1;
        while (last >= 0 && lines.get(last).isBlank()) {
            last--;
        }
        List<double[]> pts = new ArrayList<>();
        boolean truncated = false;
        for (int i = 0; i <= last; i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = TableReader.JSON.readTree(line);
            } catch (IOException e) {
                node = null;
            }
            if (node == null || !node.isObject()) {
                if (i == last) { // a run killed mid-write leaves a partial last line: tolerated by the contract
                    truncated = true;
                    break;
                }
                throw InputException.at(metrics.toString(), i + 1, null, "not a JSON object (only the last line "
                        + "may be truncated)");
            }
            double flops = node.path("flops").asDouble(Double.NaN);
            double loss = Double.NaN;
            for (String key : lossKeys) {
                JsonNode v = node.get(key);
                if (v != null && v.isNumber()) {
                    loss = v.asDouble();
                    break;
                }
            }
            if (flops > 0 && Double.isFinite(flops) && loss > 0 && Double.isFinite(loss)) {
                pts.add(new double[] {flops, loss});
            }
        }
        double[] f = new double[pts.size()];
        double[] l = new double[pts.size()];
        for (int i = 0; i < pts.size(); i++) {
            f[i] = pts.get(i)[0];
            l[i] = pts.get(i)[1];
        }
        return new CurveRead(new RunCurve(runId, params, f, l), truncated);
    }

    private static double parseOr(String s) {
        Double d = s == null ? null : WhereFilter.number(s);
        return d == null ? Double.NaN : d;
    }

    private static JsonNode readJson(Path file) {
        try {
            JsonNode n = TableReader.JSON.readTree(file.toFile());
            if (n == null || !n.isObject()) {
                throw InputException.at(file.toString(), 1, null, "not a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw InputException.at(file.toString(), 1, null, "not valid JSON (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static void checkSchema(Path file, JsonNode node) {
        JsonNode v = node.get("schema_version");
        if (v == null) {
            throw InputException.at(file.toString(), 1, "schema_version", "missing");
        }
        if (!v.canConvertToInt() || v.asInt() > SCHEMA_VERSION || v.asInt() < 1) {
            throw InputException.at(file.toString(), 1, "schema_version", "is " + v + "; this reader understands "
                    + "version " + SCHEMA_VERSION);
        }
    }
}
