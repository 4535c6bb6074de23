package dev.scalelab.cli.cluster;

import picocli.CommandLine.Command;

/** {@code scalelab sweep submit}: hand a sweep to a cluster scheduler as shards. */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = "Submit a sweep to a cluster scheduler, one shard per task, all into one shared sweep "
                + "directory. See docs/cluster.md.",
        subcommands = {SlurmSubmitCommand.class})
public final class SweepSubmitCommand {
}
