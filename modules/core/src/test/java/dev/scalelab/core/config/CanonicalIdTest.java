package dev.scalelab.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The run id is the contract with every existing sweep directory: it must never change for a given config. */
class CanonicalIdTest {
    private static final String FIXED = """
            task:
              kind: random_regression
              n: 100
              d: 10
            model:
              width: 50
              seed: 3
            train:
              lr: 0.01
              steps: 1000
              target_loss: 0.0001
            """;

    private static RunConfig only(String text) {
        List<RunConfig> runs = SweepExpander.expand(SweepConfigLoader.parse(text, "golden.yaml"));
        assertEquals(1, runs.size());
        return runs.get(0);
    }

    @Test
    void canonicalStringIsSortedNonDefaultKeyValueLines() {
        assertEquals("""
                model.seed=3
                model.width=50
                task.kind=random_regression
                task.n=100
                train.lr=0.01
                train.steps=1000
                train.target_loss=0.0001
                """, only(FIXED).canonical());
    }

    @Test
    void goldenId() {
        // SHA-256 of the canonical string above, first 12 hex digits. Never update this value: a change means
        // every existing run directory would be redone.
        assertEquals("83d14726d8f5", only(FIXED).id());
    }

    @Test
    void spellingDefaultsOutKeepsTheId() {
        String withDefaults = FIXED.replace("  d: 10\n", "  d: 10\n  test_size: 0\n  data_seed: 0\n")
                .replace("  seed: 3\n", "  seed: 3\n  depth: 1\n  activation: relu\n  init_scale: 1.0\n")
                .replace("  lr: 0.01\n", "  lr: 0.01\n  optimizer: adam\n  batch_size: 0\n  beta2: 0.999\n"
                        + "  eps: 1.0e-8\n  log_every: 10\n")
                + "backend: cpu\n";
        assertEquals(only(FIXED).id(), only(withDefaults).id());
    }

    @Test
    void equivalentSpellingsGiveTheSameId() {
        String other = FIXED.replace("0.01", "1.0e-2").replace("0.0001", "1e-4").replace("random_regression",
                "random-regression");
        assertEquals(only(FIXED).id(), only(other).id());
    }

    @Test
    void aNonDefaultValueChangesTheId() {
        assertEquals(false, only(FIXED).id().equals(only(FIXED.replace("  seed: 3\n", "  seed: 3\n  depth: 2\n"))
                .id()));
    }

    @Test
    void renderingOfReals() {
        assertEquals("0.01", ConfigField.render(0.01));
        assertEquals("0.0001", ConfigField.render(1e-4));
        assertEquals("1", ConfigField.render(1.0));
        assertEquals("1000000", ConfigField.render(1e6));
        assertEquals("0.00000001", ConfigField.render(1e-8));
        assertEquals("64", ConfigField.render(64L));
    }
}
