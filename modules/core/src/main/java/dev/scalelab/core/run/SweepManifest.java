package dev.scalelab.core.run;

import java.util.List;

/**
 * sweep.json: what the sweep directory is for. {@code runIds} is every run any invocation asked for (the union,
 * in first-asked order): {@code sweep status} counts those without a summary as pending.
 */
public record SweepManifest(int schemaVersion, String name, String config, String method, List<String> overrides,
                            int runs, List<String> runIds, String created, String updated) {
}
