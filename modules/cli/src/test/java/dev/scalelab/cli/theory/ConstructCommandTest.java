package dev.scalelab.cli.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.cli.CliRun;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConstructCommandTest {

    @Test
    void squareTableHasTheDepthsSizesAndErrorsOfTheFormulas() {
        CliRun run = CliRun.of("construct", "--kind", "square", "--eps", "0.1,1e-3,1e-6").assertOk();
        List<String> rows = run.out().lines().filter(l -> l.startsWith("| 0.1 ") || l.startsWith("| 0.001 ")
                || l.startsWith("| 1e-06 ")).toList();
        assertEquals(3, rows.size(), run.out());
        // ε = 1e-6: m = 9, width 3, P = 12·9 − 2 = 106, 71 nonzero, ‖θ‖∞ = 4, bound 2^-20 = 9.54e-07.
        assertTrue(rows.get(2).startsWith("| 1e-06 | 9 | 3 | 106 | 71 | 4 | 9.54e-07 |"), run.out());
        assertTrue(run.out().contains("every measured error is within its bound"), run.out());
    }

    @Test
    void productAndSplineRunWithinTheirBounds() {
        CliRun.of("construct", "--kind", "product", "--eps", "1e-2,1e-4", "--grid", "101").assertOk();
        CliRun depth = CliRun.of("construct", "--kind", "product", "--depth", "1,2", "--grid", "101").assertOk();
        assertTrue(depth.out().contains("| 0.125 | 1 | 9 | 37 | 24 | 2 | 0.125 |"), depth.out());
        CliRun run = CliRun.of("construct", "--kind", "spline", "--eps", "1e-2,1e-3", "--grid", "2001").assertOk();
        assertTrue(run.out().contains("pieces N"), run.out());
    }

    @Test
    void badSettingsAreOneLine() {
        CliRun.of("construct", "--kind", "cube").assertOneLineError("--kind must be square, product or spline");
        CliRun.of("construct", "--kind", "square", "--eps", "0").assertOneLineError("--eps: each ε must be in (0, 1)");
        CliRun.of("construct", "--kind", "square", "--eps", "-1e-3")
                .assertOneLineError("--eps: each ε must be in (0, 1)");
        CliRun.of("construct", "--kind", "square", "--depth", "0").assertOneLineError("--depth: each m must be in 1..26");
        CliRun.of("construct", "--kind", "spline", "--depth", "3").assertOneLineError("--depth is for square and product");
        CliRun.of("construct", "--kind", "square", "--precision", "fp16")
                .assertOneLineError("--precision must be fp64 or fp32");
    }
}
