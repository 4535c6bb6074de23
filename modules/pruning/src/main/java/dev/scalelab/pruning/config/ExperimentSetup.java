package dev.scalelab.pruning.config;

import dev.scalelab.core.spec.Activation;
import dev.scalelab.core.spec.InitSpec;
import dev.scalelab.core.spec.LossKind;
import dev.scalelab.core.spec.MlpSpec;
import dev.scalelab.core.spec.ModelSettings;
import dev.scalelab.core.spec.OptimizerKind;
import dev.scalelab.core.spec.OptimizerSpec;
import dev.scalelab.core.spec.TrainSpec;
import dev.scalelab.core.task.TaskKind;
import dev.scalelab.core.task.TaskSpec;
import java.util.List;

/**
 * The part every pruning config shares: what data ({@code task}), which network ({@code model}), how to train
 * it ({@code train}: what the models share; {@code perModel}: each model's learning rate, budget and log interval,
 * to be given its seed), the seeds (one model per seed, trained together as K batched models) and the backend.
 * The keys and their defaults are core's ({@code ConfigFields}) plus {@link PruneFields#SETUP}.
 *
 * <pre>
 * task:  {kind: fashion_mnist, n: 60000, test_size: 10000}     # or random_classes with d and classes
 * model: {widths: [300, 100], activation: relu, init: torch_default}
 * train: {optimizer: adam, lr: 0.0012, batch_size: 60, steps: 5000, log_every: 500}
 * seeds: [1, 2, 3]
 * backend: cpu
 * </pre>
 */
public record ExperimentSetup(TaskSpec task, MlpSpec model, InitSpec init, TrainSpec train, ModelSettings perModel,
                              List<Long> seeds, String backend) {

    public static ExperimentSetup read(PruneConfig c) {
        TaskKind kind = TaskKind.parse(c.text("task.kind"), "task.kind");
        TaskSpec task = c.check("task.n", () -> new TaskSpec(kind, c.integer("task.n"), c.integer("task.d"),
                c.integer("task.classes"), c.integer("task.test_size"), 0, c.longValue("task.data_seed")));
        if (!task.classification() || task.testSize() <= 0) {
            throw c.problem("task", "pruning experiments need a classification task with a test set (random_classes "
                    + "or fashion_mnist, task.test_size ≥ 1)");
        }
        List<Long> widths = c.list("model.widths");
        Activation act = Activation.parse(c.text("model.activation"), "model.activation");
        InitSpec init = new InitSpec(InitSpec.parseScheme(c.text("model.init"), "model.init"), 1.0);
        MlpSpec model = c.check("model.widths", () -> new MlpSpec(task.inputDim(),
                widths.stream().map(Long::intValue).toList(), task.outputDim(), act));

        OptimizerKind optimizer = OptimizerKind.parse(c.text("train.optimizer"), "train.optimizer");
        double lr = c.real("train.lr");
        int steps = c.integer("train.steps");
        if (steps < 1) {
            throw c.problem("train.steps", "give train.steps ≥ 1 (every level trains this many steps)");
        }
        OptimizerSpec opt = optimizer == OptimizerKind.ADAM ? OptimizerSpec.adam()
                : OptimizerSpec.sgd(c.real("train.momentum"));
        TrainSpec train = c.check("train", () -> new TrainSpec(LossKind.CROSS_ENTROPY, opt,
                c.integer("train.batch_size")));
        ModelSettings perModel = c.check("train", () -> ModelSettings.of(lr, steps, 0, c.integer("train.log_every")));

        List<Long> seeds = c.list("seeds");
        if (seeds.isEmpty() || seeds.stream().distinct().count() != seeds.size()) {
            throw c.problem("seeds", "need at least one seed, all different");
        }
        return new ExperimentSetup(task, model, init, train, perModel, List.copyOf(seeds), c.text("backend"));
    }

    /** The settings of the model trained from {@code seed} (on the task's data seed). */
    public ModelSettings modelSettings(long seed) {
        return perModel.withSeeds(seed, task.dataSeed());
    }

    public long[] seedArray() {
        return seeds.stream().mapToLong(Long::longValue).toArray();
    }
}
