package dev.scalelab.scaling.data;

import dev.scalelab.core.run.JsonLines;
import dev.scalelab.core.run.MetricLine;
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
     * @param trainLoss the curves' loss is each logged step's training loss; else its test loss where one was
     *                  measured, its training loss where not
     */
    public static Result read(Path dir, boolean trainLoss) {
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
                CurveRead cr = readCurve(metrics, e.getKey(), params, trainLoss);
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
    private static CurveRead readCurve(Path metrics, String runId, double params, boolean trainLoss) {
        JsonLines.Read<MetricLine> read;
        try {
            read = JsonLines.read(metrics, MetricLine.class);
        } catch (RunLogException e) {
            return new CurveRead(null, false, true);
        } catch (IOException e) {
            throw new InputException(metrics + ": cannot read (" + e.getMessage() + ")", e);
        }
        List<double[]> pts = new ArrayList<>();
        for (MetricLine line : read.records()) {
            Double loss = trainLoss || line.testLoss() == null ? line.trainLoss() : line.testLoss();
            if (line.flops() > 0 && Double.isFinite(line.flops()) && loss != null && loss > 0
                    && Double.isFinite(loss)) {
                pts.add(new double[] {line.flops(), loss});
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
