package dev.scalelab.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.core.spec.Activation;
import dev.scalelab.core.spec.MlpSpec;
import org.junit.jupiter.api.Test;

/** The measured rule's boundaries: P2 and memorize fused, P1 not; one model up to width 64, several up to 128. */
class FusedRuleTest {

    @Test
    void smallModelsAreFusedAndWideLayersGoToNd4j() {
        assertTrue(FusedRule.fused(MlpSpec.uniform(64, 16, 2, 1, Activation.RELU), 64, 100), "P2");
        assertTrue(FusedRule.fused(MlpSpec.uniform(10, 150, 1, 1, Activation.RELU), 100, 100), "memorize");
        assertFalse(FusedRule.fused(MlpSpec.uniform(64, 1024, 4, 1, Activation.RELU), 1, 1024), "P1");
        assertTrue(FusedRule.fused(MlpSpec.uniform(64, 64, 2, 1, Activation.RELU), 1, 100));
        assertFalse(FusedRule.fused(MlpSpec.uniform(64, 65, 2, 1, Activation.RELU), 1, 100));
        assertFalse(FusedRule.fused(MlpSpec.uniform(64, 128, 2, 1, Activation.RELU), 1, 100));
        assertTrue(FusedRule.fused(MlpSpec.uniform(64, 128, 2, 1, Activation.RELU), 8, 100));
        assertFalse(FusedRule.fused(MlpSpec.uniform(64, 129, 2, 1, Activation.RELU), 64, 100));
        assertFalse(FusedRule.fused(MlpSpec.uniform(64, 256, 2, 1, Activation.RELU), 64, 100));
    }
}
