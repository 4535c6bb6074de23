package dev.scalelab.scaling.data;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scalelab.core.run.JsonLines;
import dev.scalelab.core.run.RunLogException;
import dev.scalelab.core.run.RunLogs;
import dev.scalelab.core.run.RunScan;
import dev.scalelab.core.run.RunStore;
import dev.scalelab.core.run.RunSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads run logs (docs/run-logs.md) through the one reader, {@link RunScan}: a sweep directory, an IMP or
 * edge-popup output, any directory with runs below it. One row per complete run (its summary flattened: {@code
 * params}, ..., {@code config.model.width}), with the run's metrics.jsonl curve when present; runs whose summary
 * cannot be read are skipped and counted, runs without one (in flight, killed) counted as incomplete.
 */
public final class SweepReader {

    /** The rows, plus counts of what was skipped or tolerated. */
    public record Result(List<Row> rows, int incompleteRuns, int truncatedMetricLines, int unreadableRuns,
                         int unreadableCurves) {
    }

    private SweepReader() {
    }

    /**
     * @param curveLossKeys metrics.jsonl fields to take the curve's loss from, first present wins
     */
    public static Result read(Path dir, List<String> curveLossKeys) {
        RunScan scan;
        try {
            scan = RunScan.of(dir);
        } catch (RunLogException e) { // a newer schema, an unlistable directory: one line naming it
            throw new InputException(e.getMessage(), e);
        } catch (IOException e) {
            throw new InputException(dir + ": cannot read (" + e.getMessage() + ")", e);
        }
        List<Row> rows = new ArrayList<>();
        int truncated = 0;
        int unreadableCurves = 0;
        for (Map.Entry<String, RunSummary> e : scan.complete().entrySet()) {
            Path run = scan.dir(e.getKey());
            Map<String, String> values = TableReader.flatten(RunLogs.JSON.valueToTree(e.getValue()));
            RunCurve curve = null;
            Path metrics = run.resolve(RunStore.METRICS);
            if (Files.isRegularFile(metrics)) {
                double params = parseOr(values.get("params"));
                CurveRead cr = readCurve(metrics, e.getKey(), params, curveLossKeys);
                curve = cr.curve;
                truncated += cr.truncated ? 1 : 0;
                unreadableCurves += cr.unreadable ? 1 : 0;
            }
            rows.add(new Row(run.resolve(RunStore.SUMMARY).toString(), 1, values, curve));
        }
        if (rows.isEmpty() && scan.unreadable().isEmpty()) {
            throw new InputException(dir + ": no run directory with a summary.json (is this a sweep directory?)");
        }
        return new Result(rows, scan.incomplete().size(), truncated, scan.unreadable().size(), unreadableCurves);
    }

    private record CurveRead(RunCurve curve, boolean truncated, boolean unreadable) {
    }

    /**
     * The run's (FLOPs, loss) curve from its metrics.jsonl, read by the run store's one reader
     * ({@link JsonLines}); a log it refuses (a corrupt line before the last, a line over its length limit) costs
     * this run its curve, counted, not the whole fit.
     */
    private static CurveRead readCurve(Path metrics, String runId, double params, List<String> lossKeys) {
        JsonLines.Read<JsonNode> read;
        try {
            read = JsonLines.read(metrics, JsonNode.class);
        } catch (RunLogException e) {
            return new CurveRead(null, false, true);
        } catch (IOException e) {
            throw new InputException(metrics + ": cannot read (" + e.getMessage() + ")", e);
        }
        List<double[]> pts = new ArrayList<>();
        for (JsonNode node : read.records()) {
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
        return new CurveRead(new RunCurve(runId, params, f, l), read.truncatedTail(), false);
    }

    private static double parseOr(String s) {
        Double d = s == null ? null : WhereFilter.number(s);
        return d == null ? Double.NaN : d;
    }

}
