package dev.scalelab.cli.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LogLogSlopeTest {

    @Test
    void exactPowerLawHasItsExponentAndNoWidth() {
        Map<Double, List<Double>> points = new TreeMap<>();
        for (double x : new double[] {64, 128, 256, 512}) {
            points.put(x, List.of(3 * Math.pow(x, -0.5), 3 * Math.pow(x, -0.5)));
        }
        LogLogSlope s = LogLogSlope.of(points);
        assertEquals(-0.5, s.slope(), 1e-12);
        assertEquals(0, s.halfWidth(), 1e-9);
        assertEquals(8, s.points());
    }

    @Test
    void scatterWidensTheIntervalAroundTheFittedSlope() {
        Map<Double, List<Double>> points = new TreeMap<>();
        points.put(1.0, List.of(1.0, 1.2));
        points.put(10.0, List.of(0.1, 0.08));
        points.put(100.0, List.of(0.011, 0.009));
        LogLogSlope s = LogLogSlope.of(points);
        assertTrue(s.slope() < -0.9 && s.slope() > -1.1, "slope " + s.slope());
        assertTrue(s.halfWidth() > 0.01 && s.halfWidth() < 0.3, "half width " + s.halfWidth());
        assertTrue(Double.isNaN(LogLogSlope.of(Map.of(1.0, List.of(1.0), 2.0, List.of(2.0))).slope()),
                "two points: no interval");
    }
}
