package dev.scalelab.pruning.cli;

import picocli.CommandLine.Command;

/** {@code scalelab prune}: lottery tickets (IMP), the subset-sum construction, edge-popup. */
@Command(name = "prune", mixinStandardHelpOptions = true,
        description = "Pruning experiments: iterative magnitude pruning with rewinding and controls (imp), the "
                + "strong-lottery-ticket subset-sum construction (subset-sum), supermasks by edge-popup (edge-popup).",
        subcommands = {ImpCommand.class, SubsetSumCommand.class, EdgePopupCommand.class})
public final class PruneCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
