package dev.scalelab.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The batched least-squares kernel ({@code least_squares.cu}) on the fake CUDA library, in a child JVM
 * ({@link LeastSquaresFakeMain}): certificates and exactly low-rank problems equal the SVD, one launch per batch.
 * Kept apart from {@link FakeDriverTest} and small (hundreds of problems, not thousands: every CUDA thread of a
 * block is a host thread in the fake). Skipped without g++.
 */
class FakeLeastSquaresTest {

    @Test
    void leastSquaresKernelEqualsTheSvdOnTheFakeDriver() throws Exception {
        Path dir = FakeCudaLibrary.build(Path.of(""), Path.of("target", "fake-cuda").toAbsolutePath());
        Assumptions.assumeTrue(dir != null, "g++ is not on the PATH");
        Path cache = Path.of("target", "fake-cuda-least-squares-cache").toAbsolutePath();
        FakeCudaLibrary.JavaRun run = FakeCudaLibrary.java(dir, LeastSquaresFakeMain.class.getName()).directory(dir)
                .env("SCALELAB_CACHE", cache.toString()).run();
        System.out.print(run.output());
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("least-squares checks passed"), run.output());
    }
}
