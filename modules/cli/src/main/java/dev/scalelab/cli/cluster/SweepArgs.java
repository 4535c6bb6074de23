package dev.scalelab.cli.cluster;

import dev.scalelab.cli.sweep.SweepRunCommand;
import dev.scalelab.core.UserInputException;
import dev.scalelab.core.config.Overrides;
import dev.scalelab.core.config.SweepConfig;
import dev.scalelab.core.config.SweepConfigLoader;
import dev.scalelab.engine.sweep.JobPlanner;
import dev.scalelab.engine.sweep.SweepPlan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What {@code sweep submit} and {@code sweep emit} pass on to every shard's {@code sweep run}: the config, the
 * overrides, the backend and the batching cap (every shard must plan the same jobs, so they all get the same).
 */
public final class SweepArgs {
    @Parameters(index = "0", paramLabel = "CONFIG", description = "sweep config (YAML)")
    Path config;

    @Option(names = {"-o", "--override"}, paramLabel = "KEY=VALUES", description = "override, as in sweep run "
            + "(repeatable)")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--backend", paramLabel = "NAME", description = "compute backend, as in sweep run")
    String backend;

    @Option(names = "--max-models", paramLabel = "K", defaultValue = "256",
            description = "most runs batched into one job (default ${DEFAULT-VALUE})")
    int maxModels;

    /** The overrides with --backend folded in, as sweep run does. */
    List<String> allOverrides() {
        return SweepRunCommand.overridesWithBackend(overrides, backend);
    }

    /** The sweep as every shard will plan it (validates the config and the overrides now, not on the cluster). */
    SweepPlan plan() {
        UserInputException.require(maxModels >= 1, "--max-models must be at least 1, got " + maxModels);
        SweepConfig sweep = Overrides.apply(SweepConfigLoader.load(config), allOverrides());
        return SweepPlan.of(sweep, allOverrides());
    }

    int jobs(SweepPlan plan) {
        return JobPlanner.plan(plan.runs(), maxModels).size();
    }

    /**
     * The arguments after {@code sweep run CONFIG --out DIR --shard ...}; with several GPUs per task, a worker on
     * each ({@code --devices all}).
     */
    List<String> runArgs(int gpusPerTask) {
        List<String> a = new ArrayList<>();
        if (gpusPerTask > 1) {
            a.add("--devices");
            a.add("all");
        }
        for (String o : overrides) {
            a.add("-o");
            a.add(o);
        }
        if (backend != null) {
            a.add("--backend");
            a.add(backend);
        }
        if (maxModels != 256) {
            a.add("--max-models");
            a.add(Integer.toString(maxModels));
        }
        return a;
    }

    String name(SweepPlan plan) {
        if (plan.name() != null && plan.name().matches("[A-Za-z0-9._-]+")) {
            return plan.name();
        }
        String file = config.getFileName().toString();
        int dot = file.lastIndexOf('.');
        return dot > 0 ? file.substring(0, dot) : file;
    }
}
