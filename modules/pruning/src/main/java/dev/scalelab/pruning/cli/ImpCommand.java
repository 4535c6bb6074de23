package dev.scalelab.pruning.cli;

import dev.scalelab.core.plot.Figure;
import dev.scalelab.core.plot.Pictures;
import dev.scalelab.core.plot.Plotter;
import dev.scalelab.core.run.RunLogs;
import dev.scalelab.engine.compute.Backends;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.compute.Precision;
import dev.scalelab.pruning.imp.ImpConfig;
import dev.scalelab.pruning.imp.ImpRunner;
import dev.scalelab.pruning.imp.LevelReport;
import dev.scalelab.pruning.report.Charts;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.knowm.xchart.XYChart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code scalelab prune imp CONFIG}: iterative magnitude pruning with rewinding and its controls. */
@Command(name = "imp", mixinStandardHelpOptions = true,
        description = "Iterative magnitude pruning (lottery tickets) with rewinding, and the random re-init and "
                + "random-pruning controls on the same masks. Resumable: complete levels are skipped.")
public final class ImpCommand implements Callable<Integer> {
    private final Plotter plotter;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONFIG", description = "YAML config, e.g. configs/prune-imp-lenet.yaml")
    Path config;

    @Option(names = "--out", paramLabel = "DIR", description = "output root (default out/prune/imp); the run goes "
            + "to DIR/<name>-<run id>")
    Path out;

    @Option(names = "--json", description = "print one JSON document (all levels) instead of the table")
    boolean json;

    public ImpCommand() {
        this(Plotter.files());
    }

    public ImpCommand(Plotter plotter) {
        this.plotter = plotter;
    }

    @Override
    public Integer call() throws Exception {
        ImpConfig cfg = ImpConfig.load(config);
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path runDir = cfg.runDirectory(PruneCommandSupport.runDir(out, "imp", cfg.name() + "-" + cfg.runId()),
                PruneCommandSupport.runDir(out, "imp", cfg.name() + "-" + cfg.legacy().runId()), note -> {
                    err.println(note);
                    err.flush();
                });
        var data = PruneCommandSupport.load(cfg.setup().task());
        List<LevelReport> reports;
        try (ComputeBackend backend = Backends.create(cfg.setup().backend(), Precision.FP32)) {
            ImpRunner runner = new ImpRunner(cfg, runDir, data, backend,
                    PruneCommandSupport.provenance(backend, spec), new ImpRunner.Listener() {
                        @Override
                        public void levelStarted(int level, double density, int models) {
                            err.printf(Locale.ROOT, "level %d: density %s %%, training %d models ...%n", level,
                                    PruneCommandSupport.pct(density), models);
                            err.flush();
                        }

                        @Override
                        public void levelDone(LevelReport r, boolean resumed) {
                            err.printf(Locale.ROOT, "level %d %s: ticket %s %%%s%n", r.level(),
                                    resumed ? "(complete, skipped)" : String.format(Locale.ROOT, "done in %.0f s",
                                            r.wallSeconds()), PruneCommandSupport.pct(r.meanAccuracy(ImpConfig.TICKET)),
                                    r.testAccuracy().size() > 1 ? "" : " (dense)");
                            err.flush();
                        }
                    });
            reports = runner.run();
        }
        Path png = runDir.resolve("accuracy_vs_density.png");
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("schema_version", RunLogs.SCHEMA_VERSION);
            doc.put("run_dir", runDir.toString());
            doc.put("plot", png.toString());
            doc.put("levels", reports);
            o.print(new String(RunLogs.pretty(doc), java.nio.charset.StandardCharsets.UTF_8));
        } else {
            table(o, cfg, reports);
            o.println("run directory: " + runDir);
            o.println("plot: " + png + " (and .svg)");
        }
        o.flush();
        new Pictures(plotter, err).draw(png, Figure.of(() -> chart(cfg, reports), 72));
        return 0;
    }

    static void table(PrintWriter o, ImpConfig cfg, List<LevelReport> reports) {
        List<String> branches = cfg.branches(1);
        StringBuilder h = new StringBuilder(String.format(Locale.ROOT, "%5s %9s %9s", "level", "kept", "density%"));
        for (String b : branches) {
            h.append(String.format(Locale.ROOT, " %22s", b + " acc% (sd)"));
        }
        o.println(h);
        for (LevelReport r : reports) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%5d %9d %9s", r.level(), r.kept(),
                    PruneCommandSupport.pct(r.density())));
            for (String b : branches) {
                String cell = r.testAccuracy().containsKey(b) ? String.format(Locale.ROOT, "%s (%s)",
                        PruneCommandSupport.pct(r.meanAccuracy(b)), PruneCommandSupport.pct(r.sdAccuracy(b))) : "-";
                line.append(String.format(Locale.ROOT, " %22s", cell));
            }
            o.println(line);
        }
    }

    static XYChart chart(ImpConfig cfg, List<LevelReport> reports) {
        List<Charts.Series> series = new ArrayList<>();
        for (String b : cfg.branches(1)) {
            List<double[]> pts = new ArrayList<>();
            for (LevelReport r : reports) {
                String branch = r.level() == 0 ? ImpConfig.TICKET : b; // the dense network starts every curve
                if (r.testAccuracy().containsKey(branch)) {
                    pts.add(new double[] {100 * r.density(), 100 * r.meanAccuracy(branch),
                        Double.isNaN(r.sdAccuracy(branch)) ? 0 : 100 * r.sdAccuracy(branch)});
                }
            }
            series.add(new Charts.Series(label(b), pts.stream().mapToDouble(p -> p[0]).toArray(),
                    pts.stream().mapToDouble(p -> p[1]).toArray(), pts.stream().mapToDouble(p -> p[2]).toArray()));
        }
        String title = String.format(Locale.ROOT, "IMP on %s %s: %s %.0f %%/level, %,d steps/level, %d seeds "
                + "(mean ± sd)", cfg.setup().task().kind(), cfg.setup().model(),
                cfg.pruning().strategy().name().toLowerCase(Locale.ROOT), 100 * cfg.pruning().rate(),
                cfg.setup().perModel().maxSteps(), cfg.setup().seeds().size());
        return Charts.chart(title, "weights remaining (%), log scale", "test accuracy (%)", true, series);
    }

    private static String label(String branch) {
        return switch (branch) {
            case ImpConfig.TICKET -> "winning ticket (rewound, retrained)";
            case ImpConfig.REINIT -> "same masks, random re-initialisation";
            case ImpConfig.RANDOM_PRUNING -> "random pruning, same per-layer counts";
            default -> branch;
        };
    }
}
