package dev.scalelab.engine.sweep;

import dev.scalelab.core.config.RunConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs that train together as K models of one batched job: they agree on every setting except the per-model
 * ones ({@link JobPlanner#PER_MODEL_KEYS}).
 */
public record RunJob(String shapeKey, List<RunConfig> runs) {

    public RunJob {
        runs = List.copyOf(runs);
    }

    /** Rough cost for scheduling: K · params · steps · batch. */
    public double cost() {
        RunConfig r = runs.get(0);
        int n = r.task().n();
        int batch = r.train().batchSize() == 0 ? n : Math.min(r.train().batchSize(), n);
        return (double) runs.size() * r.mlpSpec().parameterCount() * r.trainSpec().maxSteps() * batch;
    }

    /**
     * This job as {@code parts} jobs of consecutive runs whose sizes differ by at most one (130 runs in 2 parts:
     * 65 + 65, not 128 + 2).
     */
    public List<RunJob> split(int parts) {
        if (parts < 1 || parts > runs.size()) {
            throw new IllegalArgumentException("cannot split " + runs.size() + " runs into " + parts + " jobs");
        }
        List<RunJob> jobs = new ArrayList<>(parts);
        for (int p = 0; p < parts; p++) {
            int from = (int) ((long) runs.size() * p / parts);
            int to = (int) ((long) runs.size() * (p + 1) / parts);
            jobs.add(new RunJob(shapeKey, runs.subList(from, to)));
        }
        return jobs;
    }
}
