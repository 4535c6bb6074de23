package dev.scalelab.cli.cluster;

import picocli.CommandLine.Command;

/** {@code scalelab sweep emit}: write what a cluster needs to run a sweep as shards, without submitting it. */
@Command(name = "emit", mixinStandardHelpOptions = true,
        description = "Write a cluster manifest that runs a sweep as shards into one shared sweep directory. "
                + "See docs/cluster.md.",
        subcommands = {K8sEmitCommand.class})
public final class SweepEmitCommand {
}
