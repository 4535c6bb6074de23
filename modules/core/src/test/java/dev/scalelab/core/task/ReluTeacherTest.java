package dev.scalelab.core.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.core.UserInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReluTeacherTest {
    private static final ReluTeacher TEACHER = new ReluTeacher(20, 3, 2, 40, 6.0, 7);

    @Test
    void samplesAreUniformOnTheHalfOpenUnitCubeCentredAtZeroAndExactInFloat() {
        long stream = ReluTeacher.streamSeed(1, false);
        double sum = 0;
        double squares = 0;
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            float x = ReluTeacher.uniform(stream, i);
            assertTrue(x >= -0.5f && x < 0.5f, "in [−½, ½): " + x);
            assertEquals(x, (float) (double) x);
            assertEquals(0, (x + 0.5f) * (1 << 24) % 1, 0.0, "a multiple of 2^-24");
            sum += x;
            squares += x * x;
        }
        assertEquals(0, sum / n, 0.003);
        assertEquals(1.0 / 12, squares / n, 0.002, "the variance of U[−½, ½]");
        assertNotEquals(ReluTeacher.uniform(stream, 0), ReluTeacher.uniform(ReluTeacher.streamSeed(1, true), 0));
        assertNotEquals(ReluTeacher.streamSeed(1, false), ReluTeacher.streamSeed(2, false));
    }

    @Test
    void weightsAreFixedBySeedAndShapeWithTheIgnoredInputsMaskedAndTheOutputScaled() {
        List<double[]> w = TEACHER.weights();
        assertEquals(3, w.size());
        assertEquals(20 * 40, w.get(0).length);
        for (int i = 3 * 40; i < 20 * 40; i++) {
            assertEquals(0.0, w.get(0)[i], "rows of the coordinates the teacher ignores are zero");
        }
        for (int l = 0; l < 3; l++) {
            assertArrayEquals(w.get(l), TEACHER.weights().get(l), 0.0, "same seed, same weights");
        }
        assertNotEquals(w.get(1)[0], new ReluTeacher(20, 3, 2, 40, 6.0, 8).weights().get(1)[0]);
        double[] unscaled = new ReluTeacher(20, 3, 2, 40, 1.0, 7).weights().get(2);
        for (int i = 0; i < unscaled.length; i++) {
            assertEquals(6 * unscaled[i], w.get(2)[i], 1e-15);
        }
        double var = 0;
        for (double v : w.get(1)) {
            var += v * v;
        }
        assertEquals(1.0 / 40, var / w.get(1).length, 0.25 / 40, "N(0, 1/fan_in)");
    }

    @Test
    void theOutputDependsOnlyOnTheFirstDCoordinates() {
        float[] x = TEACHER.inputs(ReluTeacher.streamSeed(3, false), 0, 5);
        float[] moved = x.clone();
        for (int r = 0; r < 5; r++) {
            for (int c = 3; c < 20; c++) {
                moved[r * 20 + c] = 0.4f;
            }
        }
        assertArrayEquals(TEACHER.activations(x, 5, 3), TEACHER.activations(moved, 5, 3), 0.0);
        moved[0] += 0.1f;
        assertNotEquals(TEACHER.activations(x, 5, 3)[0], TEACHER.activations(moved, 5, 3)[0]);
        assertEquals(5 * 40, TEACHER.activations(x, 5, 2).length, "the last hidden layer");
    }

    @Test
    void badShapesNameTheirSetting() {
        assertEquals("task.d", assertThrows(UserInputException.Field.class,
                () -> new ReluTeacher(20, 21, 2, 600, 6, 0)).field());
        assertEquals("task.d", assertThrows(UserInputException.Field.class,
                () -> new ReluTeacher(20, 0, 2, 600, 6, 0)).field());
        assertEquals("task.teacher_depth", assertThrows(UserInputException.Field.class,
                () -> new ReluTeacher(20, 2, 0, 600, 6, 0)).field());
        assertEquals("task.teacher_scale", assertThrows(UserInputException.Field.class,
                () -> new ReluTeacher(20, 2, 2, 600, 0, 0)).field());
    }
}
