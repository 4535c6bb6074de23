package dev.scalelab.engine.sweep;

import dev.scalelab.core.config.RunConfig;
import dev.scalelab.core.spec.InitSpec;
import dev.scalelab.core.spec.MlpSpec;
import dev.scalelab.core.spec.ModelSettings;
import dev.scalelab.core.spec.TrainSpec;
import dev.scalelab.core.task.TaskSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs that train together as K models of one batched job, resolved once: they agree on every setting except
 * their {@link ModelSettings} (see {@link RunConfig#PER_MODEL_KEYS}), so the network, its initialisation scheme
 * and the training spec are built once, from the first run; each run contributes its model's settings and its
 * task (which differs from the others' in the data seed at most).
 */
public final class RunJob {
    private final String shapeKey;
    private final List<RunConfig> runs;
    private final MlpSpec model;
    private final InitSpec init;
    private final TrainSpec train;
    private final List<ModelSettings> settings;
    private final List<TaskSpec> tasks;

    public RunJob(String shapeKey, List<RunConfig> runs) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("a job needs at least one run");
        }
        this.shapeKey = shapeKey;
        this.runs = List.copyOf(runs);
        RunConfig first = this.runs.get(0);
        this.model = first.mlpSpec();
        this.init = first.initSpec();
        this.train = first.trainSpec();
        this.settings = this.runs.stream().map(RunConfig::modelSettings).toList();
        this.tasks = this.runs.stream().map(RunConfig::taskSpec).toList();
    }

    /** The settings every run of this job shares, rendered canonically (runs with equal keys share jobs). */
    public String shapeKey() {
        return shapeKey;
    }

    public List<RunConfig> runs() {
        return runs;
    }

    /** The first run: what the settings the runs share are read from. */
    public RunConfig first() {
        return runs.get(0);
    }

    /** The network every model of the job has. */
    public MlpSpec model() {
        return model;
    }

    public InitSpec init() {
        return init;
    }

    /** Loss, optimizer, batch size and schedule: what the K models share. */
    public TrainSpec train() {
        return train;
    }

    /** Each run's model: seed, data seed, learning rate, init scale, budget, target, log interval. */
    public List<ModelSettings> settings() {
        return settings;
    }

    /** Each run's task (the same but for the data seed). */
    public List<TaskSpec> tasks() {
        return tasks;
    }

    /** Examples per step of every model. */
    public int batch() {
        return train.effectiveBatch(first().task().n());
    }

    /** The job's longest budget: the steps it runs (models that stop earlier are carried along, frozen). */
    public int steps() {
        return settings.stream().mapToInt(ModelSettings::maxSteps).max().orElseThrow();
    }

    /** Rough cost for scheduling: the FLOPs of K models training for the job's longest budget. */
    public double cost() {
        return runs.size() * model.trainingFlops((long) steps() * batch());
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

    /** Jobs are equal when they hold the same runs under the same shape (the rest is derived from those). */
    @Override
    public boolean equals(Object o) {
        return o instanceof RunJob j && shapeKey.equals(j.shapeKey) && runs.equals(j.runs);
    }

    @Override
    public int hashCode() {
        return 31 * shapeKey.hashCode() + runs.hashCode();
    }

    @Override
    public String toString() {
        return "RunJob[" + runs.size() + " × " + model + "]";
    }
}
