package dev.scalelab.engine.sweep;

import dev.scalelab.core.config.RunConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Groups runs by shape: runs that differ only in per-model settings (init seed, learning rate, init scale, data
 * seed) become the K models of one job; the rest (architecture, task size, batch size, budget, optimizer, ...)
 * define separate jobs. Jobs are ordered largest first so that parallel workers finish together.
 */
public final class JobPlanner {
    /** Settings that may differ between the K models of one job. */
    public static final Set<String> PER_MODEL_KEYS = Set.of("model.seed", "train.lr", "model.init_scale",
            "task.data_seed");

    private JobPlanner() {
    }

    /** The settings that must agree within a job, rendered canonically. */
    public static String shapeKey(RunConfig run) {
        Map<String, Object> shape = new TreeMap<>(run.flat());
        shape.keySet().removeAll(PER_MODEL_KEYS);
        return RunConfig.canonical(shape);
    }

    public static List<RunJob> plan(List<RunConfig> runs, int maxModels) {
        if (maxModels < 1) {
            throw new IllegalArgumentException("maxModels must be positive");
        }
        Map<String, List<RunConfig>> groups = new LinkedHashMap<>();
        for (RunConfig r : runs) {
            groups.computeIfAbsent(shapeKey(r), k -> new ArrayList<>()).add(r);
        }
        List<RunJob> jobs = new ArrayList<>();
        for (Map.Entry<String, List<RunConfig>> g : groups.entrySet()) {
            List<RunConfig> all = g.getValue();
            // Split evenly, so that 130 runs with a cap of 128 become 65 + 65, not 128 + 2.
            int parts = (all.size() + maxModels - 1) / maxModels;
            for (int p = 0; p < parts; p++) {
                int from = (int) ((long) all.size() * p / parts);
                int to = (int) ((long) all.size() * (p + 1) / parts);
                jobs.add(new RunJob(g.getKey(), all.subList(from, to)));
            }
        }
        jobs.sort(Comparator.comparingDouble(RunJob::cost).reversed());
        return jobs;
    }
}
