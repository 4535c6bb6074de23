package dev.scalelab.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.core.spec.Activation;
import dev.scalelab.core.spec.BatchPhases;
import dev.scalelab.core.spec.InitSpec;
import dev.scalelab.core.spec.LossKind;
import dev.scalelab.core.spec.LrSchedule;
import dev.scalelab.core.spec.MlpSpec;
import dev.scalelab.core.spec.ModelSettings;
import dev.scalelab.core.spec.OptimizerSpec;
import dev.scalelab.core.spec.TrainSpec;
import dev.scalelab.core.task.Dataset;
import dev.scalelab.core.task.ReluTeacher;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.compute.Precision;
import dev.scalelab.engine.model.MlpBatch;
import dev.scalelab.engine.nd4j.Nd4jBackend;
import dev.scalelab.engine.reference.ReferenceBackend;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The streamed teacher task: same samples on every backend, fresh ones every step, and students that learn it. */
class TeacherStreamTest {
    private static final ReluTeacher TEACHER = new ReluTeacher(20, 4, 2, 32, 6.0, 3);
    private static final MlpSpec STUDENT = MlpSpec.uniform(20, 8, 2, 1, Activation.RELU);

    private static double[][] drawn(ComputeBackend backend, long[] dataSeeds, long drawn, int rows) {
        TeacherStream stream = new TeacherStream(backend, TEACHER, dataSeeds);
        Workspace ws = new Workspace(backend, STUDENT, dataSeeds.length, rows);
        stream.fill(drawn, ws);
        return new double[][] {backend.download(ws.input), backend.download(ws.target)};
    }

    @Test
    void everyBackendDrawsTheSameInputsAndTheTeachersLabels() {
        int rows = 16;
        float[] host = TEACHER.inputs(ReluTeacher.streamSeed(5, false), 7, rows);
        double[] labels = TEACHER.activations(host, rows, TEACHER.depth() + 1);
        for (ComputeBackend backend : List.of(new Nd4jBackend(Precision.FP32), new Nd4jBackend(Precision.FP64),
                new ReferenceBackend())) {
            double[][] xy = drawn(backend, new long[] {5, 5}, 7, rows);
            for (int m = 0; m < 2; m++) {
                for (int i = 0; i < host.length; i++) {
                    assertEquals(host[i], xy[0][m * host.length + i], 0.0, backend.name() + " input " + i);
                }
                for (int r = 0; r < rows; r++) {
                    assertEquals(labels[r], xy[1][m * rows + r], 1e-5 * (1 + Math.abs(labels[r])),
                            backend.name() + " label " + r);
                }
            }
        }
    }

    @Test
    void theStreamMovesOnAndSeedsAndTestSetsAreSeparateStreams() {
        ComputeBackend backend = new ReferenceBackend();
        double[] firstTwo = drawn(backend, new long[] {1}, 0, 8)[0];
        double[] second = drawn(backend, new long[] {1}, 4, 4)[0];
        double[] tail = java.util.Arrays.copyOfRange(firstTwo, 4 * 20, 8 * 20);
        assertArrayEquals(tail, second, 0.0, "samples 4..7 of the stream, however the batches are cut");
        double[] other = drawn(backend, new long[] {1, 2}, 0, 8)[0];
        assertArrayEquals(firstTwo, java.util.Arrays.copyOfRange(other, 0, 160), 0.0);
        assertFalse(java.util.Arrays.equals(firstTwo, java.util.Arrays.copyOfRange(other, 160, 320)),
                "another data seed, another stream");

        List<Dataset> tests = new TeacherStream(backend, TEACHER, new long[] {1, 1}).testSets(8, 2);
        assertTrue(tests.get(0) == tests.get(1), "models of one data seed share their test set");
        float[] again = new TeacherStream(new Nd4jBackend(Precision.FP32), TEACHER, new long[] {1}).testSets(8, 1)
                .get(0).inputs();
        assertArrayEquals(tests.get(0).inputs(), again, "the same test set on another backend");
        double[] test = new double[again.length];
        for (int i = 0; i < test.length; i++) {
            test[i] = again[i];
        }
        assertFalse(java.util.Arrays.equals(test, firstTwo), "the test set is not the training stream");
        for (double x : firstTwo) {
            assertTrue(x >= -0.5 && x < 0.5, "inputs uniform on [−½, ½): " + x);
        }
    }

    /** Trains K = 2 students of one width on the stream; returns their final test losses and train losses. */
    private static double[][] train(int width, int steps, BatchPhases phases, List<long[]> samplesSeen) {
        ComputeBackend backend = new Nd4jBackend(Precision.FP32);
        ReluTeacher teacher = new ReluTeacher(20, 4, 2, 16, 6.0, 1);
        MlpSpec spec = MlpSpec.uniform(20, width, 2, 1, Activation.RELU);
        MlpBatch models = MlpBatch.initialize(backend, spec, InitSpec.torchDefault(), new long[] {1, 2},
                new double[] {1, 1});
        List<ModelSettings> settings = new ArrayList<>();
        for (long seed = 1; seed <= 2; seed++) {
            settings.add(new ModelSettings(seed, 9, 0.003, 1, steps, 0, steps));
        }
        TrainSpec spec2 = new TrainSpec(LossKind.MSE, OptimizerSpec.adam(), 64, LrSchedule.CONSTANT, phases);
        double[][] out = new double[2][2];
        List<ModelOutcome> outcomes = new Trainer(backend).trainStreaming(models, spec2, settings, teacher, 4000,
                new Optimizer(backend, spec2.optimizer(), models, new double[] {0.003, 0.003}),
                m -> samplesSeen.add(new long[] {m.step(), m.samples()}));
        for (int m = 0; m < 2; m++) {
            out[m][0] = outcomes.get(m).finalTestLoss();
            out[m][1] = outcomes.get(m).finalTrainLoss();
        }
        return out;
    }

    @Test
    void aStudentOfTheTeachersShapeLearnsItFarBetterThanANarrowOne() {
        List<long[]> seen = new ArrayList<>();
        double[][] wide = train(16, 1500, BatchPhases.NONE, seen);
        double[][] narrow = train(2, 1500, BatchPhases.NONE, seen);
        for (int m = 0; m < 2; m++) {
            assertTrue(wide[m][0] < 0.2 * narrow[m][0], "width 16 (the teacher's) " + wide[m][0]
                    + " vs width 2 " + narrow[m][0]);
            // Fresh samples every step: nothing to overfit, the last batch's loss is a sample of the test loss.
            assertTrue(wide[m][1] < 3 * wide[m][0] && wide[m][0] < 3 * wide[m][1],
                    "train " + wide[m][1] + " ≈ test " + wide[m][0]);
        }
        assertEquals(1500L * 64, seen.get(seen.size() - 1)[1]);
    }

    @Test
    void batchPhasesChangeTheBatchAndCountEverySample() {
        List<long[]> seen = new ArrayList<>();
        train(4, 30, BatchPhases.parse("8x2,32x1@0.1", "train.phases"), seen);
        long[] last = seen.get(seen.size() - 1);
        assertEquals(30, last[0]);
        assertEquals(20 * 8 + 10 * 32, last[1], "20 steps of 8 samples, then 10 of 32");
    }

    @Test
    void fixedTrainingSetsRefusePhases() {
        ComputeBackend backend = new ReferenceBackend();
        MlpBatch models = MlpBatch.initialize(backend, STUDENT, InitSpec.torchDefault(), new long[] {1},
                new double[] {1});
        TrainSpec spec = new TrainSpec(LossKind.MSE, OptimizerSpec.adam(), 4, LrSchedule.CONSTANT,
                BatchPhases.parse("4x1,8x1", "train.phases"));
        assertThrows(IllegalArgumentException.class, () -> new Trainer(backend).train(models, spec,
                List.of(ModelSettings.of(0.01, 10, 0, 10).withSeed(1)), List.of(), m -> { }));
    }
}
