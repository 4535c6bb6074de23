package dev.scalelab.core.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.core.UserInputException;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskFactoryTest {
    private final TaskFactory factory = new TaskFactory(Path.of("/nonexistent"));

    @Test
    void everySeedIncludingZeroReproducesTheSameData() {
        for (long seed : new long[] {0, 1, 42}) {
            TaskData a = factory.create(TaskSpec.randomRegression(50, 3, seed));
            TaskData b = factory.create(TaskSpec.randomRegression(50, 3, seed));
            assertArrayEquals(a.train().inputs(), b.train().inputs());
            assertArrayEquals(a.train().targets(), b.train().targets());
        }
        assertFalse(java.util.Arrays.equals(factory.create(TaskSpec.randomRegression(50, 3, 0)).train().inputs(),
                factory.create(TaskSpec.randomRegression(50, 3, 1)).train().inputs()));
    }

    @Test
    void randomRegressionIsStandardNormal() {
        Dataset d = factory.create(TaskSpec.randomRegression(20_000, 5, 3)).train();
        double sum = 0;
        double sq = 0;
        for (float v : d.inputs()) {
            sum += v;
            sq += v * v;
        }
        int n = d.inputs().length;
        assertEquals(0, sum / n, 0.02);
        assertEquals(1, sq / n, 0.02);
    }

    @Test
    void classificationTargetsAreOneHotOfLabels() {
        TaskData data = factory.create(new TaskSpec(TaskKind.RANDOM_CLASSES, 30, 4, 5, 10, 0, 9));
        Dataset d = data.train();
        assertEquals(5, d.outputDim());
        for (int i = 0; i < d.size(); i++) {
            for (int c = 0; c < 5; c++) {
                assertEquals(c == d.labels()[i] ? 1f : 0f, d.targets()[i * 5 + c]);
            }
        }
        assertEquals(10, data.test().size());
    }

    @Test
    void teacherStudentLabelsComeFromOneTeacherForTrainAndTest() {
        TaskData data = factory.create(new TaskSpec(TaskKind.TEACHER_STUDENT, 64, 6, 0, 32, 4, 5));
        assertTrue(data.hasTest());
        assertEquals(6, data.test().inputDim());
        TaskData again = factory.create(new TaskSpec(TaskKind.TEACHER_STUDENT, 64, 6, 0, 32, 4, 5));
        assertArrayEquals(data.test().targets(), again.test().targets());
    }

    @Test
    void fashionMnistMissingNamesFileAndInstallCommand() {
        UserInputException e = assertThrows(UserInputException.class,
                () -> factory.create(new TaskSpec(TaskKind.FASHION_MNIST, 100, 0, 0, 0, 0, 0)));
        assertTrue(e.getMessage().contains("/nonexistent/train-images-idx3-ubyte.gz"), e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install -y dataset-fashion-mnist"), e.getMessage());
    }

    @Test
    void fashionMnistReadsIdxFiles(@TempDir Path dir) throws IOException {
        writeIdx(dir.resolve("train-images-idx3-ubyte.gz"), 0x803, new int[] {3, 28, 28}, 3 * 784, i -> i % 256);
        writeIdx(dir.resolve("train-labels-idx1-ubyte.gz"), 0x801, new int[] {3}, 3, i -> 7 - i);
        Dataset d = new FashionMnist(dir).load(false);
        assertEquals(3, d.size());
        assertArrayEquals(new int[] {7, 6, 5}, d.labels());
        assertEquals(255 / 255f, d.inputs()[255]);
        assertEquals(1 / 255f, d.inputs()[1]);
    }

    @Test
    void truncatedIdxFileIsAUserError(@TempDir Path dir) throws IOException {
        writeIdx(dir.resolve("train-images-idx3-ubyte.gz"), 0x803, new int[] {3, 28, 28}, 100, i -> 0);
        writeIdx(dir.resolve("train-labels-idx1-ubyte.gz"), 0x801, new int[] {3}, 3, i -> 0);
        UserInputException e = assertThrows(UserInputException.class, () -> new FashionMnist(dir).load(false));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    private static void writeIdx(Path file, int magic, int[] dims, int bytes, java.util.function.IntUnaryOperator v)
            throws IOException {
        try (OutputStream raw = Files.newOutputStream(file);
             DataOutputStream out = new DataOutputStream(new GZIPOutputStream(raw))) {
            out.writeInt(magic);
            for (int dim : dims) {
                out.writeInt(dim);
            }
            for (int i = 0; i < bytes; i++) {
                out.writeByte(v.applyAsInt(i));
            }
        }
    }
}
