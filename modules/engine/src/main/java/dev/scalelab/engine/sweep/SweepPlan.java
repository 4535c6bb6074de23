package dev.scalelab.engine.sweep;

import dev.scalelab.core.config.RunConfig;
import dev.scalelab.core.config.SweepConfig;
import dev.scalelab.core.config.SweepExpander;
import java.util.List;

/** What a sweep invocation is asked to run: where it came from (for sweep.json) and its expanded runs. */
public record SweepPlan(String name, String configFile, String method, List<String> overrides,
                        List<RunConfig> runs) {

    public SweepPlan {
        overrides = List.copyOf(overrides);
        runs = List.copyOf(runs);
    }

    public static SweepPlan of(SweepConfig config, List<String> overrides) {
        return new SweepPlan(config.name(), config.source(), config.method().name().toLowerCase(java.util.Locale.ROOT),
                overrides, SweepExpander.expand(config));
    }
}
