package dev.scalelab.pruning.cli;

import dev.scalelab.core.plot.Plotter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The arguments the edge-popup and subset-sum commands share: the config, the output root, JSON output. */
abstract class PruneCommandBase implements Callable<Integer> {
    protected final Plotter plotter;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONFIG", description = "YAML config, e.g. configs/prune-${COMMAND-NAME}.yaml")
    Path config;

    @Option(names = "--out", paramLabel = "DIR", description = "output root (default out/prune/${COMMAND-NAME})")
    Path out;

    @Option(names = "--json", description = "print one JSON document instead of text")
    boolean json;

    protected PruneCommandBase(Plotter plotter) {
        this.plotter = plotter;
    }
}
