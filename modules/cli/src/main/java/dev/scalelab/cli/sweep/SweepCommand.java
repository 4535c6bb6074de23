package dev.scalelab.cli.sweep;

import picocli.CommandLine.Command;

/** {@code scalelab sweep}: run, inspect and tabulate hyperparameter sweeps (docs/sweeps.md). */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Run width/depth/lr/seed sweeps from a YAML config, resumably, and tabulate them for the "
                + "scaling-law fitter.", "Logs: docs/run-logs.md. Guide: docs/sweeps.md."},
        subcommands = {SweepRunCommand.class, SweepStatusCommand.class, SweepTableCommand.class,
            SweepPlotCommand.class, dev.scalelab.cli.report.ReportCommand.class, dev.scalelab.cli.cluster.SweepSubmitCommand.class,
            dev.scalelab.cli.cluster.SweepEmitCommand.class, SweepMergeCommand.class})
public final class SweepCommand {
}
