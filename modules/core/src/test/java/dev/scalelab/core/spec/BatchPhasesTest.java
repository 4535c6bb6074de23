package dev.scalelab.core.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.core.UserInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchPhasesTest {

    @Test
    void parsesSharmaAndKaplansScheduleAndWritesItBack() {
        BatchPhases p = BatchPhases.parse(" 200x10, 1000X1 ,4000x1@0.1 ", "train.phases");
        assertEquals(List.of(new BatchPhases.Phase(200, 10, 1.0), new BatchPhases.Phase(1000, 1, 1.0),
                new BatchPhases.Phase(4000, 1, 0.1)), p.phases());
        assertEquals("200x10,1000x1,4000x1@0.1", p.text());
        assertEquals(p, BatchPhases.parse(p.text(), "train.phases"));
        assertTrue(BatchPhases.parse("", "train.phases").isEmpty());
        assertTrue(BatchPhases.parse("none", "train.phases").isEmpty());
    }

    @Test
    void phasesSplitTheStepsByTheirParts() {
        BatchPhases p = BatchPhases.parse("200x10,1000x1,4000x1@0.1", "train.phases");
        assertArrayEquals(new long[] {200_000, 220_000, 240_000}, p.lastSteps(240_000, "train.phases"));
        assertArrayEquals(new long[] {5000, 5500, 6000}, p.lastSteps(6000, "train.phases"));
        UserInputException.Field e = assertThrows(UserInputException.Field.class, () -> p.lastSteps(5, "train.phases"));
        assertEquals("train.phases", e.field());
    }

    @Test
    void malformedPhasesAreOneLineNamingTheSetting() {
        for (String bad : List.of("200", "x10", "200x", "0x1", "200x0", "200x1@0", "200x1@-1", "200x1@inf", "ax1")) {
            UserInputException.Field e = assertThrows(UserInputException.Field.class,
                    () -> BatchPhases.parse(bad, "train.phases"), bad);
            assertEquals("train.phases", e.field());
            assertTrue(!e.getMessage().contains("\n") && e.getMessage().contains("phase"), e.getMessage());
        }
    }
}
