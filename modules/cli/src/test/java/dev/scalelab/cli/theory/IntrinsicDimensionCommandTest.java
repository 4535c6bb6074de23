package dev.scalelab.cli.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.cli.CliRun;
import java.util.List;
import org.junit.jupiter.api.Test;

class IntrinsicDimensionCommandTest {

    /** The TwoNN estimates of one table row: read coordinates, whole input, last hidden layer. */
    private static double[] estimates(String row) {
        String[] cells = row.split("\\|");
        return new double[] {Double.parseDouble(cells[2].trim().split(" ")[0]),
                Double.parseDouble(cells[3].trim().split(" ")[0]), Double.parseDouble(cells[4].trim().split(" ")[0])};
    }

    @Test
    void measuresTheReadCoordinatesTheWholeInputAndTheTeachersHiddenLayer() {
        CliRun run = CliRun.of("intrinsic-dim", "--d", "2,3", "--points", "3000", "--teacher-width", "48",
                "--ambient-d", "6", "--bootstrap", "20").assertOk();
        List<String> rows = run.out().lines().filter(l -> l.startsWith("| 2 ") || l.startsWith("| 3 ")).toList();
        assertEquals(2, rows.size(), run.out());
        for (int i = 0; i < 2; i++) {
            int d = i + 2;
            double[] e = estimates(rows.get(i));
            assertEquals(d, e[0], 0.15 * d, "the d coordinates the teacher reads: " + rows.get(i));
            assertEquals(6, e[1], 0.2 * 6, "the whole 6-dimensional input: " + rows.get(i));
            // The hidden layer is a piecewise-linear image of the d coordinates: d-dimensional, not 48.
            assertTrue(e[2] < d + 1 && e[2] > d - 1, "hidden layer of a d-feature teacher: " + rows.get(i));
        }
    }

    @Test
    void badSettingsAreOneLine() {
        CliRun.of("intrinsic-dim", "--points", "2").assertOneLineError("--points must be in 3..200000");
        CliRun.of("intrinsic-dim", "--d", "7", "--ambient-d", "6").assertOneLineError("--d: each d must be in 1..6");
    }
}
