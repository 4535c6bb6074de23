package dev.scalelab.cli.sweep;

import dev.scalelab.core.UserInputException;
import dev.scalelab.core.config.ConfigField;
import dev.scalelab.core.config.ConfigFields;
import dev.scalelab.core.plot.Figure;
import dev.scalelab.core.plot.Pictures;
import dev.scalelab.core.plot.Plotter;
import dev.scalelab.core.run.OutputPaths;
import dev.scalelab.core.run.RunTable;
import dev.scalelab.pruning.report.Charts;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code scalelab sweep plot DIR --x COL --y COL [--series COL]}: one column of the sweep table against another,
 * runs with the same x and series averaged (error bars: their standard deviation), as PNG and SVG, with the
 * plotted points as a Markdown table on stdout and, on request, each series' log-log slope with a 95% interval.
 */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = {"Plot one column of the sweep table against another (mean ± sd over the runs at each x), "
                + "write PNG + SVG, print the points as a Markdown table.",
            "Columns as in 'sweep table' (config.model.width, final_test_loss, layer1/w_rel_change, pieces, ...); "
                + "a setting's short name (width, depth, activation) also works."})
public final class SweepPlotCommand implements Callable<Integer> {

    private final Plotter plotter;

    @Spec
    private CommandSpec spec;

    public SweepPlotCommand() {
        this(Plotter.files());
    }

    public SweepPlotCommand(Plotter plotter) {
        this.plotter = plotter;
    }

    @Parameters(index = "0", paramLabel = "DIR", description = "sweep directory (or any directory of run logs)")
    private Path dir;

    @Option(names = "--x", required = true, paramLabel = "COL", description = "numeric column on the x axis")
    private String x;

    @Option(names = "--y", required = true, paramLabel = "COL", description = "numeric column on the y axis")
    private String y;

    @Option(names = "--series", paramLabel = "COL", description = "column whose values make separate lines")
    private String series;

    @Option(names = "--where", paramLabel = "COL=VALUE", description = "keep only rows with this value (repeatable)")
    private List<String> where = new ArrayList<>();

    @Option(names = "--log-x", description = "logarithmic x axis")
    private boolean logX;

    @Option(names = "--log-y", description = "logarithmic y axis")
    private boolean logY;

    @Option(names = "--each", description = "draw every run as its own point (no means, no lines)")
    private boolean each;

    @Option(names = "--slope", description = "print each series' least-squares slope of log y against log x, with a "
            + "95%% confidence interval (over every run, not the means)")
    private boolean slope;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out/plots", description = "output folder "
            + "(default ${DEFAULT-VALUE})")
    private Path out;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = "plot", description = "file name without "
            + "extension (default ${DEFAULT-VALUE})")
    private String name;

    @Option(names = "--title", paramLabel = "TEXT", description = "chart title (default: y against x)")
    private String title;

    @Override
    public Integer call() throws Exception {
        String nameProblem = OutputPaths.nameProblem(name);
        if (nameProblem != null) {
            throw new UserInputException("--name: " + nameProblem);
        }
        RunTable table = new RunTable(SweepTableCommand.scan(dir).complete().values());
        List<Object> xs = column(table, x);
        List<Object> ys = column(table, y);
        List<Object> ss = series == null ? null : column(table, series);
        List<List<Object>> filters = new ArrayList<>();
        List<String> wanted = new ArrayList<>();
        for (String w : where) {
            int eq = w.indexOf('=');
            if (eq <= 0) {
                throw new UserInputException("--where " + w + ": expected COL=VALUE");
            }
            filters.add(column(table, w.substring(0, eq)));
            wanted.add(w.substring(eq + 1));
        }
        Map<String, Map<Double, List<Double>>> groups = new TreeMap<>(SweepPlotCommand::compareLabels);
        rows:
        for (int i = 0; i < table.size(); i++) {
            for (int f = 0; f < filters.size(); f++) {
                if (!text(filters.get(f).get(i)).equals(wanted.get(f))) {
                    continue rows;
                }
            }
            Double xv = number(xs.get(i));
            Double yv = number(ys.get(i));
            if (xv == null || yv == null) {
                continue;
            }
            String label = ss == null ? (each ? "runs" : "mean over runs") : series + " = " + text(ss.get(i));
            groups.computeIfAbsent(label, k -> new TreeMap<>()).computeIfAbsent(xv, k -> new ArrayList<>()).add(yv);
        }
        if (groups.isEmpty()) {
            throw new UserInputException(dir + ": no run has numbers in both " + x + " and " + y
                    + (where.isEmpty() ? "" : " among the rows kept by --where"));
        }
        PrintWriter o = spec.commandLine().getOut();
        o.println("| series | " + x + " | runs | mean " + y + " | sd | min | max |");
        o.println("|---|---|---|---|---|---|---|");
        List<Charts.Series> lines = new ArrayList<>();
        for (Map.Entry<String, Map<Double, List<Double>>> g : groups.entrySet()) {
            int n = g.getValue().size();
            double[] px = new double[n];
            double[] py = new double[n];
            double[] sd = new double[n];
            int i = 0;
            for (Map.Entry<Double, List<Double>> p : g.getValue().entrySet()) {
                List<Double> v = p.getValue();
                double mean = v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
                double var = v.stream().mapToDouble(a -> (a - mean) * (a - mean)).sum() / Math.max(1, v.size() - 1);
                px[i] = p.getKey();
                py[i] = mean;
                sd[i] = Math.sqrt(var);
                o.printf(Locale.ROOT, "| %s | %s | %d | %.4g | %.2g | %.4g | %.4g |%n", g.getKey(),
                        ConfigField.render(p.getKey()), v.size(), mean, sd[i],
                        v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
                        v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
                i++;
            }
            if (each) {
                double[] ax = g.getValue().entrySet().stream()
                        .flatMapToDouble(p -> p.getValue().stream().mapToDouble(v -> p.getKey())).toArray();
                double[] ay = g.getValue().values().stream()
                        .flatMapToDouble(v -> v.stream().mapToDouble(Double::doubleValue)).toArray();
                lines.add(new Charts.Series(g.getKey(), ax, ay, null));
            } else {
                // Error bars on a log axis would cross zero; there the means alone are drawn.
                lines.add(new Charts.Series(g.getKey(), px, py, logY ? null : sd));
            }
        }
        List<Charts.Series> fits = new ArrayList<>();
        if (slope) {
            o.println();
            o.println("| series | slope of log " + y + " vs log " + x + " | 95% interval | points |");
            o.println("|---|---|---|---|");
            for (Map.Entry<String, Map<Double, List<Double>>> g : groups.entrySet()) {
                LogLogSlope s = LogLogSlope.of(g.getValue());
                o.printf(Locale.ROOT, "| %s | %.3f | [%.3f, %.3f] | %d |%n", g.getKey(), s.slope(),
                        s.slope() - s.halfWidth(), s.slope() + s.halfWidth(), s.points());
                fits.add(fitLine(g.getKey(), g.getValue(), s));
            }
        }
        o.flush();
        Path png = out.resolve(name + ".png");
        String heading = title != null ? title : y + " against " + x;
        if (new Pictures(plotter, spec.commandLine().getErr()).draw(png, Figure.of(
                () -> Charts.chart(heading, x, y, logX, logY, each, lines, fits), 72))) {
            o.println();
            o.println("plot: " + png + " (and .svg)");
            o.flush();
        }
        return 0;
    }

    /** The fitted line y = e^intercept · x^slope over the series' x range, named with its slope; null if none. */
    static Charts.Series fitLine(String label, Map<Double, List<Double>> points, LogLogSlope s) {
        double lo = points.keySet().stream().filter(v -> v > 0).min(Double::compare).orElse(Double.NaN);
        double hi = points.keySet().stream().filter(v -> v > 0).max(Double::compare).orElse(Double.NaN);
        if (!Double.isFinite(s.slope()) || !(hi > lo)) {
            return null;
        }
        int n = 40;
        double[] fx = new double[n];
        double[] fy = new double[n];
        for (int i = 0; i < n; i++) {
            fx[i] = Math.exp(Math.log(lo) + (Math.log(hi) - Math.log(lo)) * i / (n - 1));
            fy[i] = Math.exp(s.intercept() + s.slope() * Math.log(fx[i]));
        }
        return new Charts.Series(String.format(Locale.ROOT, "%s: fit, slope %.3f ± %.3f", label, s.slope(),
                s.halfWidth()), fx, fy, null);
    }

    private static int compareLabels(String a, String b) {
        Double na = numberIn(a);
        Double nb = numberIn(b);
        return na != null && nb != null && !na.equals(nb) ? Double.compare(na, nb) : a.compareTo(b);
    }

    private static Double numberIn(String label) {
        int eq = label.lastIndexOf("= ");
        try {
            return eq < 0 ? null : Double.valueOf(label.substring(eq + 2));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The column by its table name, or a setting's short name or key as its config.* column. */
    private static List<Object> column(RunTable table, String name) {
        List<Object> c = table.column(name);
        if (c == null) {
            ConfigField f = ConfigFields.find(name);
            c = f == null ? null : table.column("config." + f.key());
        }
        if (c == null) {
            throw new UserInputException("no column '" + name + "' in the table (columns: "
                    + String.join(", ", table.columns()) + ")");
        }
        return c;
    }

    private static String text(Object v) {
        return v instanceof Double d ? ConfigField.render(d) : String.valueOf(v);
    }

    private static Double number(Object v) {
        if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
            return n.doubleValue();
        }
        return null;
    }
}
