package dev.scalelab.core.run;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TestHoldTest {
    @Test
    void unsetOrBlankMeansNoHold() {
        assertNull(TestHold.parse(null));
        assertNull(TestHold.parse(" "));
    }

    @Test
    void malformedSpecsAreRefusedRatherThanIgnored() {
        for (String bad : new String[] {"metrics:3", "@/tmp/x", "metrics:3@", "metric:3@/tmp/x", "metrics:0@/tmp/x",
                "metrics:x@/tmp/x", "metrics:1:2@/tmp/x", "metrics,seed=1@/tmp/x", "metrics,run=@/tmp/x"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TestHold.parse(bad), bad);
            assertTrue(e.getMessage().startsWith(TestHold.ENV), e.getMessage());
        }
    }

    @Test
    void perRunPointsMatchTheNthLineOfTheNamedRunOnly() {
        TestHold h = TestHold.parse("metrics:3,run=abc@/tmp/marker");
        assertFalse(h.matches(TestHold.Point.METRICS, "abc", 2));
        assertFalse(h.matches(TestHold.Point.METRICS, "other", 3));
        assertFalse(h.matches(TestHold.Point.SUMMARY_AFTER, "abc", 3));
        assertTrue(h.matches(TestHold.Point.METRICS, "abc", 3));
    }

    @Test
    void processPointsMatchTheNthArrivalOnly() {
        TestHold h = TestHold.parse("summary-after:2@/tmp/marker");
        assertFalse(h.matches(TestHold.Point.SUMMARY_AFTER, "a", -1));
        assertFalse(h.matches(TestHold.Point.SUMMARY_BEFORE, "b", -1), "another point does not count");
        assertTrue(h.matches(TestHold.Point.SUMMARY_AFTER, "b", -1));
        assertFalse(h.matches(TestHold.Point.SUMMARY_AFTER, "c", -1), "once");
    }
}
