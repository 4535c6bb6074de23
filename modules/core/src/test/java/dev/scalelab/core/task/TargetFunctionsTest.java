package dev.scalelab.core.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.core.UserInputException;
import org.junit.jupiter.api.Test;

class TargetFunctionsTest {
    private final TaskFactory tasks = TaskFactory.withDefaultDataDir();

    @Test
    void tentMapValues() {
        assertEquals(0.5, TargetFunctions.tent(0.25, 1));
        assertEquals(1.0, TargetFunctions.tent(0.25, 2));
        assertEquals(0.0, TargetFunctions.tent(0.5, 2));
        assertEquals(0.5, TargetFunctions.tent(0.125, 2));
    }

    @Test
    void sawtoothTestSetIsTheGridOfZeroOne() {
        TaskData d = tasks.create(new TaskSpec(TaskKind.SAWTOOTH, 64, 10, 0, 9, 0, 1, 3));
        assertEquals(1, d.train().inputDim());
        float[] x = d.test().inputs();
        assertEquals(0f, x[0]);
        assertEquals(0.125f, x[1]);
        assertEquals(1f, x[8]);
        assertEquals(1f, d.test().targets()[1]); // Δ(⅛) = ¼, Δ(¼) = ½, Δ(½) = 1
        assertEquals(0f, d.test().targets()[2]); // Δ³(¼) = Δ(1) = 0
    }

    @Test
    void compositionalTargetsAreStandardisedOnTheTrainingSet() {
        TaskData d = tasks.create(new TaskSpec(TaskKind.COMPOSITIONAL, 5000, 8, 0, 100, 0, 3));
        double mean = 0;
        double sq = 0;
        for (float y : d.train().targets()) {
            mean += y;
            sq += y * y;
        }
        mean /= 5000;
        assertEquals(0, mean, 1e-5);
        assertEquals(1, sq / 5000 - mean * mean, 1e-4);
        assertThrows(UserInputException.class, () -> new TaskSpec(TaskKind.COMPOSITIONAL, 10, 6, 0, 0, 0, 1));
    }

    @Test
    void binaryTreeComposesTheConstituents() {
        double[] x = {0.1, 0.2, -0.3, 0.4, 0.5, -0.6, 0.7, 0.8};
        double[] h1 = new double[4];
        for (int i = 0; i < 4; i++) {
            h1[i] = 0.59 * Math.cos(1.5 * Math.PI * (x[2 * i] + x[2 * i + 1]));
        }
        double a = 1.1 * Math.pow(h1[0] + h1[1] + 1, 2) - 1;
        double b = 1.1 * Math.pow(h1[2] + h1[3] + 1, 2) - 1;
        assertEquals(1.1 * Math.pow(a + b + 1, 2) - 1, TargetFunctions.binaryTree(x), 1e-12);
    }

    @Test
    void sineTeacherAndSinCosAreDeterministicFunctionsOfTheirInputs() {
        TaskData s = tasks.create(new TaskSpec(TaskKind.SIN_COS, 50, 7, 0, 0, 0, 2));
        assertEquals(2, s.train().inputDim());
        float[] x = s.train().inputs();
        assertEquals(Math.sin(3 * x[0]) * Math.cos(2 * x[1]), s.train().targets()[0], 1e-6);
        TaskData a = tasks.create(new TaskSpec(TaskKind.SINE_TEACHER, 200, 4, 0, 0, 0, 9));
        TaskData b = tasks.create(new TaskSpec(TaskKind.SINE_TEACHER, 200, 4, 0, 0, 0, 9));
        assertEquals(a.train().targets()[17], b.train().targets()[17]);
        for (float v : a.train().inputs()) {
            assertTrue(v >= -1 && v <= 1);
        }
    }
}
