package dev.scalelab.cli.theory;

import dev.scalelab.core.UserInputException;
import dev.scalelab.core.plot.Figure;
import dev.scalelab.core.plot.Pictures;
import dev.scalelab.core.plot.Plotter;
import dev.scalelab.core.theory.ConstructedNetwork;
import dev.scalelab.core.theory.ProductNetwork;
import dev.scalelab.core.theory.SplineNetwork;
import dev.scalelab.core.theory.SquareNetwork;
import dev.scalelab.engine.compute.Backends;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.compute.Precision;
import dev.scalelab.engine.theory.ConstructionCheck;
import dev.scalelab.pruning.report.Charts;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code scalelab construct}: deep ReLU approximations built by hand (Yarotsky's square, the product from three
 * squares, a quadratic spline of exp from squares), sized for each target ε, run on a backend over a non-dyadic
 * grid; their size P, largest parameter ‖θ‖_∞ and measured error (docs/theory/ISSUE22-NOTES.md).
 */
@Command(name = "construct", mixinStandardHelpOptions = true,
        description = {"Build the deep ReLU network that approximates x² on [0, 1] (square: Yarotsky, depth m, width "
                + "3, error 2^(−2m−2)), xy on [0, 1]² (product: three squares, width 9, error 2^(−2m−1)) or exp on "
                + "[0, 1] (spline: a C¹ quadratic spline of N pieces from N squares) for each target ε; run it on a "
                + "backend over an even, non-dyadic grid and print ε, depth, width, P, nonzero parameters, ‖θ‖_∞, "
                + "the proven bound and the measured error. Exit 1 if a measured error exceeds its bound."})
public final class ConstructCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--kind", required = true, paramLabel = "KIND", description = "square, product or spline")
    private String kind;

    @Option(names = "--eps", split = ",", defaultValue = "1e-1,1e-2,1e-3,1e-4,1e-5,1e-6", paramLabel = "E[,E...]",
            description = "target errors, each in (0, 1) (default ${DEFAULT-VALUE})")
    private double[] eps;

    @Option(names = "--depth", split = ",", paramLabel = "M[,M...]", description = "square and product: these depths "
            + "m ≥ 1 instead of --eps (the ε column is then each network's bound)")
    private int[] depths;

    @Option(names = "--grid", defaultValue = "100003", paramLabel = "N",
            description = "grid points per input (product: N × N; default ${DEFAULT-VALUE}, product 1,001)")
    private Integer grid;

    @Option(names = "--max-work", defaultValue = "1e10", paramLabel = "W", description = "largest number of "
            + "multiply-adds per network (dense width² × depth × points); fewer grid points above it, at least "
            + "1,001 (default ${DEFAULT-VALUE})")
    private double maxWork;

    @Option(names = "--precision", defaultValue = "fp64", paramLabel = "P", description = "fp64 or fp32 (default "
            + "${DEFAULT-VALUE})")
    private String precision;

    @Option(names = "--backend", defaultValue = "cpu", paramLabel = "NAME", description = "backend (default ${DEFAULT-VALUE})")
    private String backend;

    @Option(names = "--plot", paramLabel = "DIR", description = "also draw DIR/construct-<kind>-error.png (error "
            + "and bound against P) and DIR/construct-<kind>-theta.png (‖θ‖_∞ against log(1/ε)), each with its .svg")
    private Path plotDir;

    private final Plotter plotter;

    public ConstructCommand() {
        this(Plotter.files());
    }

    public ConstructCommand(Plotter plotter) {
        this.plotter = plotter;
    }

    /** One network of the table. */
    record Row(double eps, ConstructedNetwork net, int pieces, ConstructionCheck.Result measured) {
    }

    static ConstructedNetwork build(String kind, double eps) {
        return switch (kind) {
            case "square" -> SquareNetwork.network(SquareNetwork.depthFor(eps));
            case "product" -> ProductNetwork.network(ProductNetwork.depthFor(eps));
            case "spline" -> {
                int[] size = SplineNetwork.sizeFor(eps);
                yield SplineNetwork.network(size[0], size[1]);
            }
            default -> throw new UserInputException("--kind must be square, product or spline, got '" + kind + "'");
        };
    }

    static ToDoubleFunction<double[]> target(String kind) {
        return switch (kind) {
            case "square" -> x -> x[0] * x[0];
            case "product" -> x -> x[0] * x[1];
            default -> x -> Math.exp(x[0]);
        };
    }

    @Override
    public Integer call() {
        UserInputException.require(List.of("square", "product", "spline").contains(kind),
                "--kind must be square, product or spline, got '" + kind + "'");
        for (double e : eps) {
            UserInputException.require(e > 0 && e < 1, "--eps: each ε must be in (0, 1), got " + e);
        }
        if (depths != null) {
            UserInputException.require(!kind.equals("spline"), "--depth is for square and product; the spline is "
                    + "sized by --eps");
            for (int m : depths) {
                UserInputException.require(m >= 1 && m <= 26, "--depth: each m must be in 1..26, got " + m);
            }
            eps = java.util.Arrays.stream(depths).mapToDouble(m -> kind.equals("square") ? SquareNetwork.bound(m)
                    : ProductNetwork.bound(m)).toArray();
        }
        boolean product = kind.equals("product");
        int n = spec.commandLine().getParseResult().hasMatchedOption("--grid") ? grid : product ? 1001 : 100_003;
        UserInputException.require(n >= 3 && n <= (product ? 4001 : 1 << 24),
                "--grid must be in 3.." + (product ? 4001 : 1 << 24) + ", got " + n);
        UserInputException.require(maxWork > 0, "--max-work must be > 0, got " + maxWork);
        Precision p = switch (precision.toLowerCase(Locale.ROOT)) {
            case "fp64" -> Precision.FP64;
            case "fp32" -> Precision.FP32;
            default -> throw new UserInputException("--precision must be fp64 or fp32, got '" + precision + "'");
        };
        PrintWriter out = spec.commandLine().getOut();
        List<Row> rows = new ArrayList<>();
        boolean ok = true;
        try (ComputeBackend b = Backends.create(backend, p)) {
            out.println("| ε target | depth m | " + (kind.equals("spline") ? "pieces N | " : "") + "width | P (dense) "
                    + "| nonzero | ‖θ‖_∞ | proven bound | measured error | grid points |");
            out.println("|---|---|---|---|---|---|---|---|---|" + (kind.equals("spline") ? "---|" : ""));
            for (double e : eps) {
                ConstructedNetwork net = build(kind, e);
                int width = net.spec().hiddenWidths().get(0);
                int points = n;
                if (!product) {
                    double perPoint = (double) width * width * net.depth();
                    points = (int) Math.max(Math.min(n, 1001), Math.min(n, maxWork / perPoint));
                }
                double[] xs = product ? ConstructionCheck.grid2(points) : ConstructionCheck.grid(points);
                ConstructionCheck.Result r = ConstructionCheck.run(b, net, xs, target(kind));
                int pieces = kind.equals("spline") ? (width - 1) / 3 : 0;
                rows.add(new Row(e, net, pieces, r));
                // Rounding: a few ulps of the largest values (≤ e) summed through the layers, on top of the bound.
                double slack = p == Precision.FP32 ? 1e-5 : 1e-12;
                ok &= r.maxError() <= net.errorBound() + slack;
                out.printf(Locale.ROOT, "| %s | %d | %s%d | %d | %d | %s | %s | %s | %d |%n", g(e), net.depth(),
                        kind.equals("spline") ? pieces + " | " : "", width, net.parameters(), net.nonzero(),
                        g(net.thetaMax()), g(net.errorBound()), g(r.maxError()), r.points());
            }
        }
        out.println(ok ? "every measured error is within its bound" : "SOME MEASURED ERROR EXCEEDS ITS BOUND");
        out.flush();
        if (plotDir != null) {
            plot(rows, out);
        }
        return ok ? 0 : 1;
    }

    private void plot(List<Row> rows, PrintWriter out) {
        double[] params = rows.stream().mapToDouble(r -> r.net().nonzero()).toArray();
        double[] errors = rows.stream().mapToDouble(r -> Math.max(r.measured().maxError(), 1e-300)).toArray();
        double[] bounds = rows.stream().mapToDouble(r -> r.net().errorBound()).toArray();
        double[] logInv = rows.stream().mapToDouble(r -> Math.log10(1 / r.eps())).toArray();
        double[] theta = rows.stream().mapToDouble(r -> r.net().thetaMax()).toArray();
        Pictures pictures = new Pictures(plotter, spec.commandLine().getErr());
        Path errorPng = plotDir.resolve("construct-" + kind + "-error.png");
        if (pictures.draw(errorPng, Figure.of(() -> Charts.chart("Constructed " + kind + ": error against nonzero "
                + "parameters", "nonzero parameters", "sup error", true, true, false, List.of(
                new Charts.Series("measured on the grid", params, errors, null),
                new Charts.Series("proven bound", params, bounds, null))), 72))) {
            out.println("plot: " + errorPng + " (and .svg)");
        }
        Path thetaPng = plotDir.resolve("construct-" + kind + "-theta.png");
        if (pictures.draw(thetaPng, Figure.of(() -> Charts.chart("Constructed " + kind + ": largest parameter "
                + "against log10(1/ε)", "log10(1/ε)", "‖θ‖_∞", false, false, false, List.of(
                new Charts.Series("‖θ‖_∞", logInv, theta, null))), 72))) {
            out.println("plot: " + thetaPng + " (and .svg)");
        }
        out.flush();
    }

    /** Three significant digits without trailing zeros ("9.54e-07", "0.1", "1e-06", "4"), 0 as "0". */
    static String g(double v) {
        if (v == 0) {
            return "0";
        }
        String s = String.format(Locale.ROOT, "%.3g", v);
        return s.replaceFirst("(\\.\\d*?)0+(e|$)", "$1$2").replaceFirst("\\.(e|$)", "$1");
    }
}
