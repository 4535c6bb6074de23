package dev.scalelab.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.scalelab.core.UserInputException;
import dev.scalelab.core.spec.ModelSettings;
import dev.scalelab.core.spec.OptimizerSpec;
import dev.scalelab.core.task.TaskSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link RunConfig#PER_MODEL_KEYS} and {@link RunConfig#modelSettings()} agree: each key reaches the model's
 * settings and nothing a batched job shares (which the job reads from its first run only), so runs that differ
 * only in those keys can train as one job.
 */
class ModelSettingsTest {
    private static final String BASE = """
            task: {kind: teacher_student, n: 60, d: 4, teacher_width: 5, test_size: 10, data_seed: 3}
            model: {width: 7, depth: 2, init_scale: 1.5, seed: 4}
            train: {lr: 0.01, batch_size: 20, target_loss: 0.001, log_every: 5, lr_schedule: cosine, %s}
            """;

    private static RunConfig run(String budget) {
        return SweepExpander.expand(SweepConfigLoader.parse(BASE.formatted(budget), "base.yaml")).get(0);
    }

    /** Everything the K models of one job share. */
    private static List<Object> shared(RunConfig r) {
        OptimizerSpec o = r.trainSpec().optimizer();
        TaskSpec t = r.taskSpec();
        return List.of(r.mlpSpec(), r.initSpec(), r.trainSpec(), r.trainSpec().loss(), o.kind(), o.momentum(),
                o.beta1(), o.beta2(), o.epsilon(), r.trainSpec().batchSize(), r.trainSpec().schedule(), r.backend(),
                r.model().connectivity(), r.model().parametrization(), r.train().recordNorms(),
                new TaskSpec(t.kind(), t.trainSize(), t.inputDim(), t.classes(), t.testSize(), t.teacherWidth(), 0,
                        t.order()));
    }

    @Test
    void eachPerModelKeyChangesTheModelsSettingsAndNothingTheJobShares() throws ConfigProblem {
        Map<String, Object> changes = Map.of("model.seed", 9L, "task.data_seed", 8L, "train.lr", 0.02,
                "model.init_scale", 0.5, "train.steps", 30L, "train.epochs", 3.0, "train.target_loss", 0.01,
                "train.log_every", 7L);
        assertEquals(RunConfig.PER_MODEL_KEYS, changes.keySet());
        for (String budget : List.of("steps: 40", "epochs: 2")) {
            RunConfig base = run(budget);
            for (Map.Entry<String, Object> change : changes.entrySet()) {
                String key = change.getKey();
                if (key.equals(budget.startsWith("steps") ? "train.epochs" : "train.steps")) {
                    continue; // the other way of giving the budget: both at once are refused
                }
                Map<String, Object> flat = new HashMap<>(base.flat());
                flat.put(key, change.getValue());
                RunConfig variant = RunConfig.fromFlat(flat);
                assertNotEquals(base.modelSettings(), variant.modelSettings(), budget + ", " + key);
                assertEquals(shared(base), shared(variant), budget + ", " + key);
            }
        }
    }

    @Test
    void settingsAreTheRunsOwn() {
        RunConfig r = run("epochs: 2");
        assertEquals(new ModelSettings(4, 3, 0.01, 1.5, 6, 0.001, 5), r.modelSettings()); // ⌈2 · 60 / 20⌉ steps
    }

    @Test
    void badSettingsAreRefusedWithTheirValue() {
        UserInputException e = assertThrows(UserInputException.class,
                () -> new ModelSettings(1, 1, 0.1, 1, 0, 0, 1));
        assertEquals("steps must be positive, got 0", e.getMessage());
        assertThrows(UserInputException.class, () -> new ModelSettings(1, 1, Double.NaN, 1, 5, 0, 1));
        assertThrows(UserInputException.class, () -> new ModelSettings(1, 1, 0.1, 1, 5, -1, 1));
        assertThrows(UserInputException.class, () -> new ModelSettings(1, 1, 0.1, 1, 5, 0, 0));
    }
}
