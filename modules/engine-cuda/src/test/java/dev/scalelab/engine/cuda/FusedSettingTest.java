package dev.scalelab.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.core.UserInputException;
import org.junit.jupiter.api.Test;

/** {@code $SCALELAB_CUDA_FUSED}: fused kernels unless it is 0; anything but 0 or 1 is a one-line error. */
class FusedSettingTest {

    @Test
    void fusedUnlessSwitchedOff() {
        assertTrue(FusedSetting.parse(null));
        assertTrue(FusedSetting.parse(" "));
        assertTrue(FusedSetting.parse("1"));
        assertFalse(FusedSetting.parse("0"));
        UserInputException e = assertThrows(UserInputException.class, () -> FusedSetting.parse("off"));
        assertEquals("$SCALELAB_CUDA_FUSED (1: fused small-MLP CUDA kernels (default), 0: unfused) must be one "
                + "of 0, 1, got 'off'", e.getMessage());
    }
}
