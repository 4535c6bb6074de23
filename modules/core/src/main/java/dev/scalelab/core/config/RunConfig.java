package dev.scalelab.core.config;

import com.google.common.collect.ImmutableSortedMap;
import dev.scalelab.core.UserInputException;
import dev.scalelab.core.spec.InitSpec;
import dev.scalelab.core.spec.MlpSpec;
import dev.scalelab.core.spec.ModelSettings;
import dev.scalelab.core.spec.TrainSpec;
import dev.scalelab.core.task.TaskSpec;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One run, fully resolved: the three sections plus the backend. Its identity is {@link #id()}: the first 12
 * hex digits of SHA-256 over {@link #canonical()}, the non-default settings as sorted {@code key=value} lines.
 */
public record RunConfig(TaskConfig task, ModelConfig model, TrainConfig train, String backend,
                        Map<String, Object> values, String canonical, String id) {

    /**
     * The settings that reach {@link #modelSettings()}: runs that differ only in these train as models of one
     * batched job. The fields marked {@link ConfigField#perModel()}; {@link #modelSettings()} reads exactly these
     * (a test checks it).
     */
    public static final Set<String> PER_MODEL_KEYS = ConfigFields.ALL.stream().filter(ConfigField::perModel)
            .map(ConfigField::key).collect(Collectors.toUnmodifiableSet());

    /** {@code canonical} and {@code id} are derived from {@code values} (what is given for them is ignored). */
    public RunConfig {
        // Sorted and compact (two arrays, not a tree of entries): a 100,000-run sweep holds every run's values.
        values = ImmutableSortedMap.copyOf(values);
        canonical = canonical(values);
        id = idOf(canonical);
    }

    /**
     * Builds a run from flattened settings (keys as in {@link ConfigFields}; values Long, Double or String id).
     * Settings not given take their defaults; a required one missing, or a bad combination, is a problem.
     */
    public static RunConfig fromFlat(Map<String, Object> given) throws ConfigProblem {
        Map<String, Object> all = ConfigSchema.CORE.resolve(given, f -> streamingWithoutN(f, given));
        for (String key : given.keySet()) {
            ConfigFields.get(key);
        }
        Flat flat = new Flat(all);
        TaskConfig task;
        ModelConfig model;
        TrainConfig train;
        task = TaskConfig.from(flat);
        model = ModelConfig.from(flat);
        train = TrainConfig.from(flat);
        RunConfig run = new RunConfig(task, model, train, flat.text("backend"), all, null, null);
        run.checkSpecs();
        return run;
    }

    /** task.n of a streaming task: absent on purpose (the stream has no size). */
    private static boolean streamingWithoutN(ConfigField f, Map<String, Object> given) {
        return f.key().equals("task.n") && "relu_teacher".equals(given.get("task.kind"));
    }

    /** Builds the engine specs once, so that a bad combination is found on load, not mid-sweep. */
    private void checkSpecs() throws ConfigProblem {
        try {
            taskSpec();
        } catch (UserInputException e) {
            throw new ConfigProblem(e instanceof UserInputException.Field f ? f.field() : "task.n", e.getMessage());
        }
        try {
            mlpSpec();
        } catch (UserInputException e) {
            throw new ConfigProblem(model.connectivity() == dev.scalelab.core.spec.Connectivity.DENSE ? "model.width"
                    : "model.connectivity", e.getMessage());
        }
        try {
            modelSettings().checkPhases(trainSpec().phases());
        } catch (UserInputException e) {
            throw new ConfigProblem(e instanceof UserInputException.Field f ? f.field() : "train.steps",
                    e.getMessage());
        }
        if (!train.phases().isEmpty() && !taskSpec().streaming()) {
            throw new ConfigProblem("train.phases", "batch phases need a streaming task (relu_teacher): a fixed "
                    + "training set uses train.batch_size throughout");
        }
        if (taskSpec().streaming() && train.phases().isEmpty() && train.batchSize() == 0) {
            throw new ConfigProblem("train.batch_size", "a streaming task (relu_teacher) has no full batch: give "
                    + "train.batch_size ≥ 1 or train.phases");
        }
        if (train.loss() == dev.scalelab.core.spec.LossKind.CROSS_ENTROPY && !taskSpec().classification()) {
            // Softmax over a single output is 1 everywhere: the loss would be 0 and nothing would train.
            throw new ConfigProblem("train.loss", "cross_entropy needs a classification task (random_classes or "
                    + "fashion_mnist), not " + taskSpec().kind() + "; use mse");
        }
    }

    public TaskSpec taskSpec() {
        return task.toSpec();
    }

    public MlpSpec mlpSpec() {
        return model.toSpec(taskSpec());
    }

    /** What this run's model shares with the others of its job. */
    public TrainSpec trainSpec() {
        return train.toSpec();
    }

    /** This run's model as one of the K models of a batched job. */
    public ModelSettings modelSettings() {
        return new ModelSettings(model.seed(), task.dataSeed(), train.lr(), model.initScale(),
                train.stepsFor(task.n()), train.targetLoss(), train.logEvery());
    }

    /** Trainable parameters: with masked connectivity, only the weights that exist. */
    public long parameterCount() {
        return model.connectivity().parameterCount(mlpSpec(), model.width());
    }

    public InitSpec initSpec() {
        return model.initSpec();
    }

    /** Every setting, defaults included, sorted by key (what config.yaml and summary.json hold). */
    public Map<String, Object> flat() {
        return values;
    }

    /** Sorted {@code key=value} lines, each ending in a newline, leaving out every key at its default. */
    public static String canonical(Map<String, Object> values) {
        return ConfigSchema.CORE.canonical(values);
    }

    public static String idOf(String canonical) {
        return ConfigSchema.idOf(canonical);
    }

    /**
     * The resolved config as YAML, every setting by section (defaults included). The text is itself a valid sweep
     * config without parameters, whose single run has this run's id.
     */
    public String toYaml() {
        return ConfigSchema.CORE.toYaml("# ScaleLab run " + id() + ": the resolved config (every setting, defaults "
                + "included)\n", values);
    }
}
