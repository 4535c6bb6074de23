package dev.scalelab.pruning.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@code prune subset-sum}'s text output: rounded as a person reads it (the JSON keeps every digit). */
class SubsetSumTextTest {

    @Test
    void valuesAreRoundedByWhatTheyAre() {
        assertEquals("87.26 %", SubsetSumCommand.text("target_test_accuracy", 0.872563));
        assertEquals("15.07 %", SubsetSumCommand.text("fraction_kept", 0.150701));
        assertEquals("-0.01", SubsetSumCommand.text("accuracy_difference_points", -0.0099999));
        assertEquals("33.8 s", SubsetSumCommand.text("construction_seconds", 33.81234));
        assertEquals("133.5×", SubsetSumCommand.text("overparameterization", 133.4749));
        assertEquals("0.01", SubsetSumCommand.text("epsilon", 0.01));
        assertEquals("0.000021", SubsetSumCommand.text("mean_weight_error", 2.1034e-5));
        assertEquals("0.403", SubsetSumCommand.text("max_weight_error", 0.40321));
        assertEquals("55", SubsetSumCommand.text("weights_above_epsilon", 55L));
        assertEquals("16→32→3 relu", SubsetSumCommand.text("target", "16→32→3 relu"));
    }
}
