package dev.scalelab.engine.sweep;

import dev.scalelab.core.config.RunConfig;
import dev.scalelab.engine.compute.OutOfDeviceMemoryException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Groups runs by shape: runs that differ only in per-model settings ({@link RunConfig#PER_MODEL_KEYS}: seed, data
 * seed, learning rate, init scale, step budget, target loss, log interval) become the K models of one job; the
 * rest (architecture, task size, batch size, optimizer, schedule, ...) define separate jobs, of at most
 * --max-models runs each and, on a device with its own memory, at most what {@link MemoryBudget} estimates to
 * fit. Jobs are ordered largest first so that parallel workers finish together.
 */
public final class JobPlanner {
    private JobPlanner() {
    }

    /** The settings that must agree within a job, rendered canonically. */
    public static String shapeKey(RunConfig run) {
        Map<String, Object> shape = new TreeMap<>(run.flat());
        shape.keySet().removeAll(RunConfig.PER_MODEL_KEYS);
        return RunConfig.canonical(shape);
    }

    public static List<RunJob> plan(List<RunConfig> runs, int maxModels) {
        return plan(runs, maxModels, MemoryBudget.UNLIMITED, note -> { });
    }

    /**
     * Like {@link #plan(List, int)}, with K per job further capped by what fits in {@code memory}; each shape
     * whose jobs that cap splits further is described in one line to {@code notes}.
     */
    public static List<RunJob> plan(List<RunConfig> runs, int maxModels, MemoryBudget memory,
                                    Consumer<String> notes) {
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
            RunConfig first = all.get(0);
            int fits = memory.maxModels(first);
            int cap = Math.min(maxModels, fits);
            int parts = (all.size() + cap - 1) / cap;
            if (fits < maxModels && parts > (all.size() + maxModels - 1) / maxModels) {
                notes.accept(String.format(Locale.ROOT, "width %d, depth %d, batch %d: about %d models fit in "
                        + "device memory per job (estimate: %s per model, %s per job); %d runs in %d jobs",
                        first.model().width(), first.model().depth(),
                        first.trainSpec().effectiveBatch(first.task().n()), fits,
                        OutOfDeviceMemoryException.size(memory.bytesPerModel(first)),
                        OutOfDeviceMemoryException.size(memory.bytesPerJob()), all.size(), parts));
            }
            jobs.addAll(new RunJob(g.getKey(), all).split(parts));
        }
        jobs.sort(Comparator.comparingDouble(RunJob::cost).reversed());
        return jobs;
    }
}
