package dev.scalelab.scaling.cli;

import dev.scalelab.core.plot.Figure;
import dev.scalelab.core.plot.Pictures;
import dev.scalelab.core.plot.Plotter;
import dev.scalelab.core.run.RunScan;
import dev.scalelab.scaling.FitOutcome;
import dev.scalelab.scaling.FitSettings;
import dev.scalelab.scaling.ScalingFit;
import dev.scalelab.scaling.data.ColumnMapping;
import dev.scalelab.scaling.data.FitPoints;
import dev.scalelab.scaling.data.DatasetLoader;
import dev.scalelab.scaling.data.InputException;
import dev.scalelab.scaling.data.WhereFilter;
import dev.scalelab.scaling.fit.Penalty;
import dev.scalelab.scaling.fit.PowerForm;
import dev.scalelab.scaling.plot.FitPlots;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.knowm.xchart.XYChart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code scalelab fit}: fit a scaling law to run logs or a table. Exit 0 on success, 2 on bad input. */
@Command(name = "fit", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fit a scaling law to a sweep directory (run logs) or a CSV/JSONL table.",
            "Forms: power  L = [L_inf +] A*x^-alpha (x = N, D or C);",
            "       chinchilla  L = E + A*N^-alpha + B*D^-beta (log-space Huber, 4,500-start L-BFGS grid);",
            "       kaplan  L = [(N_c/N)^(alpha_N/alpha_D) + D_c/D]^alpha_D."},
        exitCodeListHeading = "Exit codes:%n", exitCodeList = {"0:fitted (warnings, if any, on stderr)", "1:fitted with warnings and --strict",
            "2:bad input (message names file, row, column)"})
public final class FitCommand implements Callable<Integer> {
    /** The forms. */
    public enum Form { power, chinchilla, kaplan }

    private final Plotter plotter;

    public FitCommand() {
        this(Plotter.files());
    }

    public FitCommand(Plotter plotter) {
        this.plotter = plotter;
    }

    @Parameters(arity = "1..*", paramLabel = "INPUT",
            description = "Sweep directory (run directories with summary.json), or a .csv / .jsonl table.")
    List<Path> inputs = new ArrayList<>();

    @Option(names = "--form", required = true, description = "power, chinchilla or kaplan.")
    Form form;

    @Option(names = "--x", defaultValue = "N", description = "Variable of the power form: N, D or C (default ${DEFAULT-VALUE}).")
    String x;

    @Option(names = "--no-irreducible", description = "Power form without the irreducible term: --fix L_inf=0.")
    boolean noIrreducible;

    @Option(names = "--fix", paramLabel = "NAME=VALUE", split = ",",
            description = "Hold a parameter at a value and fit the others, e.g. --fix L_inf=0,alpha=0.5. NAME as in the "
                    + "output (power: A, alpha, L_inf; chinchilla: A, B, E, alpha, beta; kaplan: alpha_N, alpha_D, N_c, "
                    + "D_c), case and underscores ignored (Linf). A, B, N_c, D_c > 0; E, L_inf >= 0 (0 leaves the term "
                    + "out). Repeatable.")
    List<String> fix = new ArrayList<>();

    @Option(names = "--columns", paramLabel = "MAP",
            description = "Column mapping, e.g. N=params,D=samples,C=flops,loss=final_test_loss (the default; an empty "
                    + "test loss falls back to final_train_loss). D = C/(k*N) and C = k*N*D are derived when absent.")
    String columns;

    @Option(names = "--k", defaultValue = "6", description = "FLOPs per parameter per sample, C = k*N*D (default ${DEFAULT-VALUE}).")
    double k;

    @Option(names = "--where", paramLabel = "COL<op>VALUE",
            description = "Keep rows matching (op: <= >= != == = < >); COL is a column or N, D, C, loss. Repeatable.")
    List<String> where = new ArrayList<>();

    @Option(names = "--drop-highest", defaultValue = "0", paramLabel = "K", description = "Exclude the K highest-loss points.")
    int dropHighest;

    @Option(names = "--huber-delta", defaultValue = "1e-3", description = "Huber delta on log residuals (default ${DEFAULT-VALUE}).")
    double huberDelta;

    @Option(names = "--least-squares", description = "Sum of squared log residuals instead of Huber.")
    boolean leastSquares;

    @Option(names = "--bootstrap", defaultValue = "1000", paramLabel = "B", description = "Bootstrap resamples, 0 for none (default ${DEFAULT-VALUE}).")
    int bootstrap;

    @Option(names = "--bootstrap-by", paramLabel = "COL", description = "Resample whole clusters of points sharing a "
            + "value of COL (every point of a drawn cluster comes along), e.g. seed: a COL that is not a column "
            + "names the one column ending in .COL (config.model.seed). Default: single points.")
    String bootstrapBy;

    @Option(names = "--seed", defaultValue = "0", description = "Bootstrap seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--confidence", defaultValue = "0.95", description = "Interval mass (default ${DEFAULT-VALUE}).")
    double confidence;

    @Option(names = "--predict", paramLabel = "K=V[,K=V]",
            description = "Predict at C=1e21 (compute-optimal), N=..,D=.., C=..,N=.., loss=2.0 (inverse), or x=.. for "
                    + "the power form. Repeatable.")
    List<String> predict = new ArrayList<>();

    @Option(names = "--plot", paramLabel = "DIR", description = "Write fit, frontier and residual plots (PNG and SVG) here.")
    Path plotDir;

    @Option(names = "--json", description = "Print exactly one JSON document instead of the table.")
    boolean json;

    @Option(names = "--threads", description = "Worker threads (default: available processors).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--isoflop-width", defaultValue = "0.1",
            description = "Approach 2 compute-bucket width in decades of C (default ${DEFAULT-VALUE}).")
    double isoflopWidth;

    @Option(names = "--no-screen", description = "Run every start on every point. By default, above "
            + ScalingFit.SCREEN_ABOVE + " points the starts are screened on " + ScalingFit.SCREEN_ROWS
            + " points spread over the data and the best optima refined on all of them.")
    boolean noScreen;

    @Option(names = "--strict", description = "Exit 1 when the fit has any warning (not converged, a parameter at a "
            + "bound, a near-flat direction, a parameter the data do not identify, a prediction beyond a decade).")
    boolean strict;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            FitSettings settings = settings();
            if (plotDir != null) {
                dev.scalelab.core.run.OutputPaths.prepareDirectory(plotDir, "--plot");
            }
            List<WhereFilter> filters = where.stream().map(WhereFilter::parse).toList();
            List<DatasetLoader.Need> needs = switch (form) {
                case power -> List.of(DatasetLoader.Need.valueOf(settings.x()));
                default -> List.of(DatasetLoader.Need.N, DatasetLoader.Need.D);
            };
            FitPoints data = DatasetLoader.load(inputs, new DatasetLoader.Options(ColumnMapping.parse(columns), k,
                    filters, dropHighest, needs, settings.bootstrapBy()));
            int unreadable = data.notes().getOrDefault(DatasetLoader.UNREADABLE_NOTE, 0);
            int unreadableCurves = data.notes().getOrDefault(DatasetLoader.UNREADABLE_CURVES_NOTE, 0);
            FitOutcome outcome;
            try {
                outcome = ScalingFit.run(data, settings, new dev.scalelab.scaling.Progress(err), !noScreen);
            } catch (InputException e) {
                // One line on failure: the skipped runs go into the error, not a warning line before it.
                throw unreadable == 0 ? e : new InputException(e.getMessage() + " (" + unreadable
                        + " run(s) skipped: summary.json cannot be read)", e);
            }
            if (unreadableCurves > 0) {
                err.println("warning: " + unreadableCurves + " run(s) have a metrics.jsonl that cannot be read (a "
                        + "corrupt line, or one over 1 MiB): their loss curves are left out");
            }
            String warning = RunScan.warning(unreadable);
            if (warning != null) {
                err.println(warning);
                err.flush();
            }
            Map<String, Supplier<XYChart>> figures = plotDir == null ? Map.of() : FitPlots.figures(outcome);
            List<Path> plots = new ArrayList<>();
            figures.keySet().forEach(stem -> plots.addAll(List.of(plotDir.resolve(stem + ".png"),
                    plotDir.resolve(stem + ".svg"))));
            out.print(json ? FitReportWriter.json(outcome, plots) + "\n" : FitReportWriter.table(outcome, plots));
            out.flush();
            for (String w : outcome.warnings()) {
                err.println("warning: " + w);
            }
            err.flush();
            Pictures pictures = new Pictures(plotter, err);
            figures.forEach((stem, chart) -> pictures.draw(plotDir.resolve(stem + ".png"), Figure.of(chart, 150)));
            return strict && !outcome.warnings().isEmpty() ? 1 : 0;
        } catch (InputException | IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return 2;
        }
    }

    FitSettings settings() {
        String xv = x.trim().toUpperCase(java.util.Locale.ROOT);
        if (!List.of("N", "D", "C").contains(xv)) {
            throw new InputException("--x must be N, D or C, got '" + x + "'");
        }
        if (!leastSquares && !(huberDelta > 0 && Double.isFinite(huberDelta))) {
            throw new InputException("--huber-delta must be a positive number, got " + huberDelta);
        }
        if (!(isoflopWidth > 0 && Double.isFinite(isoflopWidth))) {
            throw new InputException("--isoflop-width must be a positive number of decades of C, got " + isoflopWidth);
        }
        if (bootstrapBy != null && bootstrapBy.isBlank()) {
            throw new InputException("--bootstrap-by: give a column, e.g. --bootstrap-by=seed");
        }
        List<Map<String, Double>> preds = new ArrayList<>();
        for (String p : predict) {
            preds.add(parsePrediction(p));
        }
        return new FitSettings(form.name(), xv, fixed(), k,
                leastSquares ? Penalty.squares() : Penalty.huber(huberDelta), bootstrap, seed, confidence, preds,
                threads, isoflopWidth, bootstrapBy == null ? null : bootstrapBy.trim());
    }

    /** --no-irreducible as L_inf=0, then --fix NAME=VALUE...; FitSettings checks the names against the form. */
    Map<String, Double> fixed() {
        Map<String, Double> m = new LinkedHashMap<>();
        if (noIrreducible) {
            if (form != Form.power) {
                throw new InputException("--no-irreducible: only the power form takes it (for the " + form
                        + " form, use --fix" + (form == Form.chinchilla ? " E=0" : "") + ")");
            }
            m.put(PowerForm.IRREDUCIBLE, 0.0);
        }
        for (String part : fix) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new InputException("--fix: expected NAME=VALUE, got '" + part.trim() + "'");
            }
            String name = part.substring(0, eq).trim();
            String value = part.substring(eq + 1).trim();
            Double v = null;
            try {
                v = Double.valueOf(value);
            } catch (NumberFormatException e) {
                // reported below
            }
            if (v == null || !Double.isFinite(v)) {
                throw new InputException("--fix " + part.trim() + ": '" + value + "' is not a finite number");
            }
            if (m.putIfAbsent(name, v) != null) {
                throw new InputException("--fix " + part.trim() + ": " + name + " is already fixed"
                        + (noIrreducible && name.equals(PowerForm.IRREDUCIBLE) ? " by --no-irreducible" : ""));
            }
        }
        return m;
    }

    static Map<String, Double> parsePrediction(String spec) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String part : spec.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new InputException("--predict: expected KEY=VALUE, got '" + part.trim() + "'");
            }
            String key = part.substring(0, eq).trim();
            String canon = switch (key) {
                case "N", "n" -> "N";
                case "D", "d" -> "D";
                case "C", "c" -> "C";
                case "loss", "L" -> "loss";
                default -> throw new InputException("--predict: unknown key '" + key + "' (use N, D, C or loss)");
            };
            Double v = null;
            try {
                v = Double.valueOf(part.substring(eq + 1).trim());
            } catch (NumberFormatException e) {
                // reported below
            }
            if (v == null || !Double.isFinite(v) || v <= 0) {
                throw new InputException("--predict: " + key + " must be a positive number, got '"
                        + part.substring(eq + 1).trim() + "'");
            }
            m.put(canon, v);
        }
        return m;
    }
}
