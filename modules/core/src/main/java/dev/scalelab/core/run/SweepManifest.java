package dev.scalelab.core.run;

import java.util.List;

/**
 * sweep.json: what the sweep directory is for. {@code runIds} is every run any invocation asked for (the union,
 * in first-asked order); {@code latestRunIds} what the latest invocation asked for (null in files written before
 * the field existed). {@code sweep status} counts runs of the latest invocation without a summary as pending, and
 * runs only earlier invocations asked for, without a summary, as dropped. {@code shards}: how many shards the
 * sweep was split into ({@code sweep run --shard I/N}: N), null when it was never sharded; a run with another N
 * is refused unless it asks to reshard.
 */
public record SweepManifest(int schemaVersion, String name, String config, String method, List<String> overrides,
                            int runs, List<String> runIds, String created, String updated,
                            List<String> latestRunIds, Integer shards) {
}
