package dev.scalelab.cli.theory;

import dev.scalelab.core.UserInputException;
import dev.scalelab.engine.compute.Backends;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.compute.Precision;
import dev.scalelab.engine.theory.SawtoothCheck;
import dev.scalelab.core.plot.Figure;
import dev.scalelab.core.plot.Pictures;
import dev.scalelab.core.plot.Plotter;
import dev.scalelab.pruning.report.Charts;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scalelab sawtooth}: Telgarsky's exact construction, checked on a backend (docs/theory.md). */
@Command(name = "sawtooth", mixinStandardHelpOptions = true,
        description = {"Run Telgarsky's constructed width-2 ReLU network with k hidden layers (6k + 1 parameters) on a "
                + "backend in float32 over an even grid of [0, 1]; print its exact number of linear pieces and its "
                + "largest error against the k-fold tent map."})
public final class SawtoothCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--max-k", defaultValue = "14", paramLabel = "K", description = "k = 1..K (default ${DEFAULT-VALUE})")
    private int maxK;

    @Option(names = "--grid", defaultValue = "65537", paramLabel = "N", description = "grid points (default ${DEFAULT-VALUE})")
    private int grid;

    @Option(names = "--backend", defaultValue = "cpu", paramLabel = "NAME", description = "backend (default ${DEFAULT-VALUE})")
    private String backend;

    @Option(names = "--plot", paramLabel = "DIR", description = "also draw DIR/sawtooth-pieces.png and .svg: pieces "
            + "against parameters, the construction against one hidden layer's bound")
    private Path plotDir;

    private final Plotter plotter;

    public SawtoothCommand() {
        this(Plotter.files());
    }

    public SawtoothCommand(Plotter plotter) {
        this.plotter = plotter;
    }

    /** 0 when exact (not "0.00"), else three significant digits with the exponent ("1.19e-07"). */
    static String error(double e) {
        return e == 0 ? "0" : String.format(Locale.ROOT, "%.3g", e);
    }

    @Override
    public Integer call() {
        UserInputException.require(maxK >= 1 && maxK <= 24, "--max-k must be in 1..24, got " + maxK);
        UserInputException.require(grid >= 2 && grid <= 1 << 24, "--grid must be in 2..16777216, got " + grid);
        PrintWriter out = spec.commandLine().getOut();
        boolean ok = true;
        double[] params = new double[maxK];
        double[] pieces = new double[maxK];
        double[] shallow = new double[maxK];
        // The backend first: one that is not here is one line, with no table header before it.
        try (ComputeBackend b = Backends.create(backend, Precision.FP32)) {
            out.println("| k | parameters (6k + 1) | linear pieces (2^k) | largest error against Δ^k on " + grid
                    + " points |");
            out.println("|---|---|---|---|");
            for (int k = 1; k <= maxK; k++) {
                SawtoothCheck.Result r = SawtoothCheck.run(b, k, grid);
                params[k - 1] = r.params();
                pieces[k - 1] = r.pieces();
                // One hidden layer of width m has 3m + 1 parameters and at most m + 1 pieces.
                shallow[k - 1] = Math.floor((r.params() - 1) / 3.0) + 1;
                // Input rounding (≤ half a float32 ulp) amplified by the slope 2^k: 0 on a dyadic grid, else ~2^k·6e-8.
                ok &= r.maxError() <= Math.scalb((double) Math.ulp(1.0f), k) && r.pieces() == 1L << k;
                out.printf(Locale.ROOT, "| %d | %d | %d | %s |%n", k, r.params(), r.pieces(), error(r.maxError()));
            }
        }
        out.println(ok ? "exact: every k within 2^k float32 ulps (input rounding times the slope) with 2^k pieces" : "NOT exact for some k");
        out.flush();
        if (plotDir != null) {
            Path png = plotDir.resolve("sawtooth-pieces.png");
            List<Charts.Series> series = List.of(
                    new Charts.Series("constructed: k hidden layers of width 2 (2^k pieces)", params, pieces, null),
                    new Charts.Series("one hidden layer, same parameters: at most m + 1 pieces", params, shallow,
                            null));
            if (new Pictures(plotter, spec.commandLine().getErr()).draw(png, Figure.of(() -> Charts.chart(
                    "Linear pieces against parameters: Telgarsky's sawtooth vs one hidden layer", "parameters",
                    "linear pieces", false, true, false, series), 72))) {
                out.println("plot: " + png + " (and .svg)");
                out.flush();
            }
        }
        return ok ? 0 : 1;
    }
}
