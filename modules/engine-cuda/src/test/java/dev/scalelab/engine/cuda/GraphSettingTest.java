package dev.scalelab.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.core.UserInputException;
import org.junit.jupiter.api.Test;

/** {@code $SCALELAB_CUDA_GRAPHS}: graphs unless it is 0; anything but 0 or 1 is a one-line error. */
class GraphSettingTest {

    @Test
    void graphsAreOnUnlessSwitchedOff() {
        assertTrue(GraphSetting.parse(null));
        assertTrue(GraphSetting.parse(""));
        assertTrue(GraphSetting.parse("1"));
        assertFalse(GraphSetting.parse("0"));
        assertFalse(GraphSetting.parse(" 0 "));
        UserInputException e = assertThrows(UserInputException.class, () -> GraphSetting.parse("no"));
        assertEquals("$SCALELAB_CUDA_GRAPHS (1: replay CUDA graphs (default), 0: issue every primitive) must be one of 0, 1, got 'no'",
                e.getMessage());
    }
}
