package dev.scalelab.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                LeastSquaresFakeMain.class.getName()).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("LD_LIBRARY_PATH", dir.toString());
        pb.environment().put("SCALELAB_CACHE", cache.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(600, TimeUnit.SECONDS), "timed out");
        System.out.print(out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("least-squares checks passed"), out);
    }
}
