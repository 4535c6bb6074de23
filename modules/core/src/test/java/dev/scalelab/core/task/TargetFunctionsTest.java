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
    void mixedNodeIsGenuinelyTwoVariableAndTheTreeStaysBounded() {
        // Not a function of a + b, not symmetric: h(a, b) ≠ h(a + b, 0) and h(a, b) ≠ h(b, a).
        assertTrue(Math.abs(TargetFunctions.mixedNode(0.3, -0.2) - TargetFunctions.mixedNode(0.1, 0)) > 0.1);
        assertTrue(Math.abs(TargetFunctions.mixedNode(0.5, -0.5) - TargetFunctions.mixedNode(0, 0)) > 0.1);
        assertTrue(Math.abs(TargetFunctions.mixedNode(0.6, -0.3) - TargetFunctions.mixedNode(-0.3, 0.6)) > 0.1);
        // Not additive: the mixed difference h(a,b) − h(a,0) − h(0,b) + h(0,0) does not vanish.
        assertTrue(Math.abs(TargetFunctions.mixedNode(0.8, 0.8) - TargetFunctions.mixedNode(0.8, 0)
                - TargetFunctions.mixedNode(0, 0.8) + TargetFunctions.mixedNode(0, 0)) > 0.1);
        double[] x = {0.1, 0.2, -0.3, 0.4};
        double top = TargetFunctions.mixedNode(TargetFunctions.mixedNode(0.1, 0.2), TargetFunctions.mixedNode(-0.3, 0.4));
        assertEquals(top, TargetFunctions.mixedTree(x), 1e-15);
        java.util.Random r = new java.util.Random(1);
        for (int n : new int[] {4, 8, 16}) {
            double sum = 0;
            double sq = 0;
            for (int i = 0; i < 20_000; i++) {
                double[] p = new double[n];
                for (int j = 0; j < n; j++) {
                    p[j] = 2 * r.nextDouble() - 1;
                }
                double y = TargetFunctions.mixedTree(p);
                assertTrue(Math.abs(y) <= 1, "bounded: " + y);
                sum += y;
                sq += y * y;
            }
            double sd = Math.sqrt(sq / 20_000 - Math.pow(sum / 20_000, 2));
            assertTrue(sd > 0.4 && sd < 0.65, "n = " + n + ": the spread does not collapse with depth: " + sd);
        }
    }

    @Test
    void mixedTaskIsDeterministicInTheDataSeedAndNeedsAPowerOfTwo() {
        for (int n : new int[] {4, 8, 16}) {
            TaskData a = tasks.create(new TaskSpec(TaskKind.COMPOSITIONAL_MIXED, 500, n, 0, 100, 0, 7));
            TaskData b = tasks.create(new TaskSpec(TaskKind.COMPOSITIONAL_MIXED, 500, n, 0, 100, 0, 7));
            TaskData c = tasks.create(new TaskSpec(TaskKind.COMPOSITIONAL_MIXED, 500, n, 0, 100, 0, 8));
            assertTrue(java.util.Arrays.equals(a.train().targets(), b.train().targets()));
            assertTrue(java.util.Arrays.equals(a.test().inputs(), b.test().inputs()));
            assertTrue(!java.util.Arrays.equals(a.train().targets(), c.train().targets()));
        }
        assertThrows(UserInputException.class, () -> new TaskSpec(TaskKind.COMPOSITIONAL_MIXED, 10, 12, 0, 0, 0, 1));
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
