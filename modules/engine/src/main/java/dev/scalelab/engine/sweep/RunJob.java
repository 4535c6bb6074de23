package dev.scalelab.engine.sweep;

import dev.scalelab.core.config.RunConfig;
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
}
