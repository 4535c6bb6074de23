package dev.scalelab.cli.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.scalelab.core.run.JsonLines;
import dev.scalelab.core.run.RunLogs;
import java.nio.file.Files;
import dev.scalelab.core.run.MetricLine;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;

/**
 * The loss curves of one seed group (runs whose configs differ only in their seed), aggregated in Java so that the
 * page draws a few points per group whatever the sweep's size: the union of the runs' logged steps thinned to at
 * most {@code points} steps (half spaced evenly in log step, half evenly in step, first and last kept); at each, every
 * run that logged on both sides of it (linear interpolation between its two neighbouring lines) contributes, and the
 * group's mean, standard deviation, minimum and maximum over those runs are kept, to 4 significant digits.
 */
final class Curves {
    static final List<String> METRICS = List.of("train_loss", "test_loss", "test_accuracy");
    private static final MathContext DIGITS = new MathContext(4);
    private static final ObjectReader READER = RunLogs.JSON.readerFor(MetricLine.class);

    private Curves() {
    }

    /** One run's logged lines as columns. */
    record Run(long[] step, double[] wall, double[][] metric, double samplesPerStep, double flopsPerStep) {
        /** A run whose metrics cannot be read: no points. */
        static final Run EMPTY = new Run(new long[0], new double[0], new double[METRICS.size()][0], Double.NaN,
                Double.NaN);

        static Run read(Path metricsFile) throws IOException {
            List<MetricLine> lines;
            try (MappingIterator<MetricLine> it = READER.readValues(Files.readAllBytes(metricsFile))) {
                lines = it.readAll(); // one pass; a truncated last line (a run in flight) falls back below
            } catch (IOException | RuntimeException e) {
                lines = JsonLines.read(metricsFile, MetricLine.class).records();
            }
            int n = lines.size();
            long[] step = new long[n];
            double[] wall = new double[n];
            double[][] m = new double[METRICS.size()][n];
            double sps = Double.NaN;
            double fps = Double.NaN;
            for (int i = 0; i < n; i++) {
                MetricLine l = lines.get(i);
                step[i] = l.step();
                wall[i] = l.wall();
                m[0][i] = value(l.trainLoss());
                m[1][i] = value(l.testLoss());
                m[2][i] = value(l.testAccuracy());
                if (l.step() > 0) {
                    sps = (double) l.samples() / l.step();
                    fps = l.flops() / l.step();
                }
            }
            return new Run(step, wall, m, sps, fps);
        }

        private static double value(Double v) {
            return v == null ? Double.NaN : v;
        }
    }

    /** The aggregated curves of {@code runs} (indices into the report's rows in {@code rowIndex}). */
    static ObjectNode aggregate(List<Run> runs, int[] rowIndex, int points) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode g = f.objectNode();
        ArrayNode ids = g.putArray("runs");
        for (int r : rowIndex) {
            ids.add(r);
        }
        TreeSet<Long> union = new TreeSet<>();
        double sps = Double.NaN;
        double fps = Double.NaN;
        for (Run r : runs) {
            for (long s : r.step()) {
                union.add(s);
            }
            if (Double.isNaN(sps)) {
                sps = r.samplesPerStep();
                fps = r.flopsPerStep();
            }
        }
        long[] grid = thin(union, points);
        g.set("samples_per_step", number(sps));
        g.set("flops_per_step", number(fps));
        ArrayNode step = g.putArray("step");
        for (long s : grid) {
            step.add(s);
        }
        ArrayNode wall = g.putArray("wall");
        double[] w = new double[runs.size()];
        for (long s : grid) {
            int k = 0;
            for (Run r : runs) {
                w[k++] = at(r.step(), r.wall(), s);
            }
            wall.add(number(stats(w, k)[0]));
        }
        ObjectNode metrics = g.putObject("metrics");
        for (int m = 0; m < METRICS.size(); m++) {
            boolean any = false;
            ArrayNode mean = f.arrayNode();
            ArrayNode sd = f.arrayNode();
            ArrayNode min = f.arrayNode();
            ArrayNode max = f.arrayNode();
            for (long s : grid) {
                int k = 0;
                for (Run r : runs) {
                    w[k++] = at(r.step(), r.metric()[m], s);
                }
                double[] st = stats(w, k);
                any |= st[4] > 0;
                mean.add(number(st[0]));
                sd.add(number(st[1]));
                min.add(number(st[2]));
                max.add(number(st[3]));
            }
            if (any) {
                ObjectNode o = metrics.putObject(METRICS.get(m));
                o.set("mean", mean);
                o.set("sd", sd);
                o.set("min", min);
                o.set("max", max);
            }
        }
        return g;
    }

    /** At most {@code points} of the steps: half log-spaced, half evenly spaced, first and last always kept. */
    static long[] thin(TreeSet<Long> steps, int points) {
        if (steps.size() <= points) {
            return steps.stream().mapToLong(Long::longValue).toArray();
        }
        long first = steps.first();
        long last = steps.last();
        TreeSet<Long> keep = new TreeSet<>();
        keep.add(first);
        keep.add(last);
        int half = Math.max(1, points / 2);
        double lo = Math.max(1, first);
        for (int j = 0; j < half && keep.size() < points; j++) {
            double t = j / (double) Math.max(1, half - 1);
            long linear = Math.round(first + t * (last - first));
            long log = Math.round(Math.exp(Math.log(lo) + t * (Math.log(Math.max(lo, last)) - Math.log(lo))));
            for (long target : new long[] {log, linear}) {
                Long c = steps.ceiling(target);
                if (c != null && keep.size() < points) {
                    keep.add(c);
                }
            }
        }
        return keep.stream().mapToLong(Long::longValue).toArray();
    }

    /** The run's value at step s by linear interpolation; NaN outside its logged range or where it is not finite. */
    static double at(long[] step, double[] v, long s) {
        int n = step.length;
        if (n == 0 || s < step[0] || s > step[n - 1]) {
            return Double.NaN;
        }
        int i = java.util.Arrays.binarySearch(step, s);
        if (i >= 0) {
            return v[i];
        }
        int hi = -i - 1;
        int lo = hi - 1;
        double t = (double) (s - step[lo]) / (step[hi] - step[lo]);
        return v[lo] + t * (v[hi] - v[lo]);
    }

    /** mean, sd (n − 1), min, max, n over the finite values among the first k. */
    static double[] stats(double[] v, int k) {
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        int n = 0;
        for (int i = 0; i < k; i++) {
            if (Double.isFinite(v[i])) {
                sum += v[i];
                min = Math.min(min, v[i]);
                max = Math.max(max, v[i]);
                n++;
            }
        }
        if (n == 0) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0};
        }
        double mean = sum / n;
        double ss = 0;
        for (int i = 0; i < k; i++) {
            if (Double.isFinite(v[i])) {
                ss += (v[i] - mean) * (v[i] - mean);
            }
        }
        return new double[] {mean, n > 1 ? Math.sqrt(ss / (n - 1)) : 0, min, max, n};
    }

    /** A number to 4 significant digits (null when not finite). */
    static com.fasterxml.jackson.databind.JsonNode number(double v) {
        if (!Double.isFinite(v)) {
            return JsonNodeFactory.instance.nullNode();
        }
        if (v == 0) {
            return JsonNodeFactory.instance.numberNode(0);
        }
        return JsonNodeFactory.instance.numberNode(new BigDecimal(v).round(DIGITS).stripTrailingZeros());
    }
}
