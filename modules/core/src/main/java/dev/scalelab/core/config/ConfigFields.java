package dev.scalelab.core.config;

import dev.scalelab.core.spec.Activation;
import dev.scalelab.core.spec.Connectivity;
import dev.scalelab.core.spec.LrSchedule;
import dev.scalelab.core.spec.Parametrization;
import dev.scalelab.core.task.TaskSpec;
import dev.scalelab.core.spec.InitSpec;
import dev.scalelab.core.spec.LossKind;
import dev.scalelab.core.spec.OptimizerKind;
import dev.scalelab.core.task.TaskKind;
import dev.scalelab.core.spec.BatchPhases;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every setting a run has, in one list. A new setting must get a default that reproduces the old behaviour:
 * keys at their default are left out of the canonical config, so old run ids stay valid.
 */
public final class ConfigFields {
    private static final double MAX_INT = Integer.MAX_VALUE;

    public static final List<ConfigField> ALL = List.of(
            ConfigField.choice("task.kind", List.of("task"), null, ids(TaskKind.values()),
                    t -> TaskKind.parse(t, "task.kind"), "the learning problem"),
            ConfigField.bounded("task.n", List.of("N", "n"), FieldType.POSITIVE_INT, null, MAX_INT,
                    "N: training examples (not for relu_teacher, which streams)"),
            ConfigField.bounded("task.d", List.of("d"), FieldType.POSITIVE_INT, 10L, MAX_INT,
                    "d: input dimension (ignored by fashion_mnist, which has 784)"),
            ConfigField.bounded("task.classes", List.of("classes"), FieldType.POSITIVE_INT, 10L, 1 << 20,
                    "classes of random_classes"),
            ConfigField.bounded("task.test_size", List.of("test_size"), FieldType.NON_NEGATIVE_INT, 0L, MAX_INT,
                    "held-out examples (0: no test set)"),
            ConfigField.bounded("task.teacher_width", List.of("teacher_width"), FieldType.POSITIVE_INT, 16L, 1 << 20,
                    "hidden width of teacher_student's teacher"),
            ConfigField.bounded("task.order", List.of("order"), FieldType.POSITIVE_INT,
                    (long) TaskSpec.DEFAULT_ORDER, 30, "k of sawtooth: the target is the k-fold tent map"),
            ConfigField.of("task.data_seed", List.of("data_seed"), FieldType.NON_NEGATIVE_INT, 0L,
                    "seed that draws the data").asPerModel(),
            ConfigField.bounded("task.ambient_d", List.of("ambient_d"), FieldType.POSITIVE_INT, 20L, 4096,
                    "relu_teacher: the teacher's (and student's) input width, of which task.d coordinates matter"),
            ConfigField.bounded("task.teacher_depth", List.of("teacher_depth"), FieldType.POSITIVE_INT, 2L, 16,
                    "relu_teacher: hidden layers of the teacher"),
            ConfigField.of("task.teacher_scale", List.of("teacher_scale"), FieldType.POSITIVE_REAL, 6.0,
                    "relu_teacher: factor on the teacher's output (6 in Sharma & Kaplan's code)"),
            ConfigField.of("task.teacher_seed", List.of("teacher_seed"), FieldType.NON_NEGATIVE_INT, 0L,
                    "relu_teacher: seed of the teacher's weights"),
            ConfigField.bounded("model.width", List.of("width"), FieldType.POSITIVE_INT, null, 1 << 20,
                    "hidden-layer width"),
            ConfigField.bounded("model.depth", List.of("depth"), FieldType.NON_NEGATIVE_INT, 1L, 1000,
                    "number of hidden layers (0: linear model)"),
            ConfigField.choice("model.activation", List.of("activation"), "relu", ids(Activation.values()),
                    t -> Activation.parse(t, "model.activation"), "hidden-layer activation"),
            ConfigField.choice("model.init", List.of("init"), "torch_default", List.of("torch_default", "he_normal"),
                    t -> InitSpec.parseScheme(t, "model.init").name().toLowerCase(Locale.ROOT),
                    "weight initialisation scheme"),
            ConfigField.of("model.init_scale", List.of("init_scale"), FieldType.POSITIVE_REAL, 1.0,
                    "multiplier of the initial weights").asPerModel(),
            ConfigField.choice("model.connectivity", List.of("connectivity"), "dense",
                    ids(Connectivity.values()), t -> Connectivity.parse(t, "model.connectivity"),
                    "which weights exist: dense, or binary_tree (fixed masks; d = 2^depth, width = units per node)"),
            ConfigField.choice("model.parametrization", List.of("parametrization"), "standard",
                    ids(Parametrization.values()), t -> Parametrization.parse(t, "model.parametrization"),
                    "standard, or ntk (W = θ/√fan_in, θ ~ N(0, 1); norms reported in θ's units)"),
            ConfigField.of("model.seed", List.of("seed"), FieldType.NON_NEGATIVE_INT, 0L,
                    "seed of the initial weights and of the minibatch order").asPerModel(),
            ConfigField.choice("train.loss", List.of("loss"), "mse", ids(LossKind.values()),
                    t -> LossKind.parse(t, "train.loss"), "training loss"),
            ConfigField.choice("train.optimizer", List.of("optimizer"), "adam", ids(OptimizerKind.values()),
                    t -> OptimizerKind.parse(t, "train.optimizer"), "optimizer"),
            ConfigField.of("train.lr", List.of("lr"), FieldType.POSITIVE_REAL, 0.001, "learning rate")
                    .asPerModel(),
            ConfigField.of("train.momentum", List.of("momentum"), FieldType.FRACTION, 0.0, "SGD momentum"),
            ConfigField.of("train.beta1", List.of("beta1"), FieldType.FRACTION, 0.9, "Adam beta1"),
            ConfigField.of("train.beta2", List.of("beta2"), FieldType.FRACTION, 0.999, "Adam beta2"),
            ConfigField.of("train.eps", List.of("eps"), FieldType.POSITIVE_REAL, 1e-8, "Adam epsilon"),
            ConfigField.bounded("train.batch_size", List.of("batch_size", "batch"), FieldType.NON_NEGATIVE_INT, 0L,
                    MAX_INT, "minibatch size (0: full batch)"),
            ConfigField.bounded("train.steps", List.of("steps"), FieldType.NON_NEGATIVE_INT, 0L, MAX_INT,
                    "optimizer steps (give steps or epochs)").asPerModel(),
            ConfigField.of("train.epochs", List.of("epochs"), FieldType.NON_NEGATIVE_REAL, 0.0,
                    "passes over the training set (give steps or epochs)").asPerModel(),
            ConfigField.of("train.target_loss", List.of("target_loss"), FieldType.NON_NEGATIVE_REAL, 0.0,
                    "stopping rule: stop once the training loss is below this (0: off)").asPerModel(),
            ConfigField.choice("train.lr_schedule", List.of("lr_schedule", "schedule"), "constant",
                    ids(LrSchedule.values()), t -> LrSchedule.parse(t, "train.lr_schedule"),
                    "learning-rate schedule: constant, or cosine (decay to 0 over the run's steps)"),
            ConfigField.text("train.phases", List.of("phases"), "",
                    t -> BatchPhases.parse(t, "train.phases").text(),
                    "batch phases, e.g. 200x10,1000x1,4000x1@0.1: batch x share of the steps [@ lr factor] "
                            + "(streaming tasks; empty: train.batch_size throughout)"),
            ConfigField.bounded("train.record_norms", List.of("record_norms"), FieldType.NON_NEGATIVE_INT, 0L, 1,
                    "1: record per-layer parameter norms and their growth in summary.json"),
            ConfigField.bounded("train.log_every", List.of("log_every"), FieldType.POSITIVE_INT, 10L, MAX_INT,
                    "steps between metrics lines").asPerModel(),
            ConfigField.choice("backend", List.of(), "cpu", List.of("cpu", "cuda", "cuda-tf32", "cuda-bf16"),
                    ConfigFields::backendId, "compute backend (cpu, alias nd4j; cuda, cuda-tf32, cuda-bf16)"));

    /** Sections of the YAML file that hold fixed fields. */
    public static final List<String> SECTIONS = List.of("task", "model", "train");

    private static final Map<String, ConfigField> BY_NAME = new LinkedHashMap<>();

    static {
        for (ConfigField f : ALL) {
            BY_NAME.put(f.key(), f);
        }
        for (ConfigField f : ALL) {
            for (String alias : f.aliases()) {
                if (BY_NAME.putIfAbsent(alias, f) != null) {
                    throw new IllegalStateException("alias " + alias + " is taken");
                }
            }
        }
    }

    private ConfigFields() {
    }

    /** The field with this key or short name, or null. */
    public static ConfigField find(String name) {
        return BY_NAME.get(name);
    }

    public static ConfigField get(String key) {
        ConfigField f = BY_NAME.get(key);
        if (f == null || !f.key().equals(key)) {
            throw new IllegalArgumentException("no config field " + key);
        }
        return f;
    }

    public static List<ConfigField> inSection(String section) {
        return ALL.stream().filter(f -> f.section().equals(section)).toList();
    }

    /** All names accepted in {@code parameters:} and {@code -o}, for error messages. */
    public static String knownNames() {
        return ALL.stream().map(f -> f.aliases().isEmpty() ? f.key() : f.aliases().get(0))
                .collect(Collectors.joining(", "));
    }

    /**
     * The backends a run may name; {@code nd4j} is an alias of {@code cpu}. Whether a named backend is available
     * on this machine (a GPU, its driver) is checked by the engine when the sweep starts.
     */
    public static String backendId(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "cpu", "nd4j", "nd4j-cpu" -> "cpu";
            case "cuda", "cuda-tf32", "cuda-bf16" -> t;
            default -> throw new dev.scalelab.core.UserInputException("unknown backend '" + text
                    + "' (valid backends: cpu (alias nd4j), cuda, cuda-tf32, cuda-bf16)");
        };
    }

    private static List<String> ids(Object[] values) {
        return Arrays.stream(values).map(String::valueOf).toList();
    }
}
