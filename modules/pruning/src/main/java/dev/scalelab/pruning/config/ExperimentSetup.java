package dev.scalelab.pruning.config;

import dev.scalelab.core.UserInputException;
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
import java.util.Set;

/**
 * The sections every pruning config shares: what data ({@code task}), which network ({@code model}), how to
 * train it ({@code train}: what the models share; {@code perModel}: each model's learning rate, budget and log
 * interval, to be given its seed), the seeds (one model per seed, trained together as K batched models) and the
 * backend.
 *
 * <pre>
 * task:  {kind: fashion_mnist, n: 60000, test_size: 10000}     # or random_classes with d and classes
 * model: {widths: [300, 100], activation: relu, init: torch_default}
 * train: {optimizer: adam, lr: 0.0012, momentum: 0.9, batch_size: 60, steps: 5000, log_every: 500}
 * seeds: [1, 2, 3]
 * backend: cpu
 * </pre>
 */
public record ExperimentSetup(TaskSpec task, MlpSpec model, InitSpec init, TrainSpec train, ModelSettings perModel,
                              List<Long> seeds, String backend) {

    public static final Set<String> KEYS = Set.of("task", "model", "train", "seeds", "backend");

    public static ExperimentSetup read(ConfigReader root, List<Integer> defaultWidths) {
        ConfigReader t = root.section("task").allowOnly(Set.of("kind", "n", "d", "classes", "test_size",
                "data_seed"));
        TaskKind kind = parse(t, "kind", () -> TaskKind.parse(t.string("kind", "fashion_mnist"), "task.kind"));
        int n = t.integer("n", kind == TaskKind.FASHION_MNIST ? 60_000 : 1000, 1, 10_000_000);
        int d = t.integer("d", kind == TaskKind.FASHION_MNIST ? 784 : 20, 1, 1 << 20);
        int classes = t.integer("classes", 10, 0, 100_000);
        int testSize = t.integer("test_size", kind == TaskKind.FASHION_MNIST ? 10_000 : 1000, 0, 10_000_000);
        long dataSeed = t.integer("data_seed", 0L, Long.MIN_VALUE, Long.MAX_VALUE);
        TaskSpec task = parse(t, "n", () -> new TaskSpec(kind, n, d, classes, testSize, 0, dataSeed));
        UserInputException.require(task.classification() && testSize > 0, root.problem("task",
                "pruning experiments need a classification task with a test set").getMessage());

        ConfigReader m = root.section("model").allowOnly(Set.of("widths", "activation", "init"));
        List<Long> widths = m.integers("widths", defaultWidths.stream().map(Integer::longValue).toList(), 1,
                MlpSpec.MAX_WIDTH);
        Activation act = parse(m, "activation", () -> Activation.parse(m.string("activation", "relu"),
                "model.activation"));
        InitSpec init = new InitSpec(parse(m, "init", () -> InitSpec.parseScheme(m.string("init", "torch_default"),
                "model.init")), 1.0);
        MlpSpec model = new MlpSpec(task.inputDim(), widths.stream().map(Long::intValue).toList(), task.outputDim(),
                act);

        ConfigReader tr = root.section("train").allowOnly(Set.of("optimizer", "lr", "momentum", "batch_size",
                "steps", "log_every"));
        OptimizerKind optimizer = parse(tr, "optimizer", () -> OptimizerKind.parse(tr.string("optimizer", "adam"),
                "train.optimizer"));
        double lr = tr.number("lr", 0.0012, 1e-12, 100);
        double momentum = tr.number("momentum", optimizer == OptimizerKind.SGD ? 0.9 : 0.0, 0, 0.999999);
        int batch = tr.integer("batch_size", 60, 0, 1 << 24);
        int steps = tr.integer("steps", 5000, 1, Integer.MAX_VALUE);
        int logEvery = tr.integer("log_every", Math.max(1, steps / 10), 1, Integer.MAX_VALUE);
        OptimizerSpec opt = optimizer == OptimizerKind.ADAM ? OptimizerSpec.adam() : OptimizerSpec.sgd(momentum);
        TrainSpec train = new TrainSpec(LossKind.CROSS_ENTROPY, opt, batch);
        ModelSettings perModel = ModelSettings.of(lr, steps, 0, logEvery);

        List<Long> seeds = root.integers("seeds", List.of(1L, 2L, 3L), 0, Long.MAX_VALUE);
        UserInputException.require(!seeds.isEmpty() && seeds.stream().distinct().count() == seeds.size(),
                root.problem("seeds", "need at least one seed, all different").getMessage());
        String backend = root.string("backend", "cpu");
        return new ExperimentSetup(task, model, init, train, perModel, List.copyOf(seeds), backend);
    }

    /** Runs a parse step, turning a bare validation message into one that names file, line and key. */
    public static <T> T parse(ConfigReader section, String key, java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (UserInputException e) {
            String msg = e.getMessage();
            if (msg.contains(": ") && msg.matches("^[^ ]+:\\d+: .*")) {
                throw e;
            }
            throw section.problem(key, msg);
        }
    }

    /** The settings of the model trained from {@code seed} (on the task's data seed). */
    public ModelSettings modelSettings(long seed) {
        return perModel.withSeeds(seed, task.dataSeed());
    }

    public long[] seedArray() {
        return seeds.stream().mapToLong(Long::longValue).toArray();
    }
}
