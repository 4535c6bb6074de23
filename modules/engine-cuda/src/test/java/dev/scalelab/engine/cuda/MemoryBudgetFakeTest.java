package dev.scalelab.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code MemoryBudget}'s per-model estimate against what sweeps on the CUDA backend really allocate, on the fake
 * CUDA library ({@link MemoryBudgetMain}): an upper bound within 15 % for a few shapes in FP32, TF32 and BF16.
 */
class MemoryBudgetFakeTest {
    @Test
    void estimateIsATightUpperBoundOfWhatEachModeAllocates() throws Exception {
        Path lib = FakeCudaLibrary.build(Path.of(""), Path.of("target", "fake-cuda").toAbsolutePath());
        Assumptions.assumeTrue(lib != null, "g++ is not on the PATH");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xmx384m", "-cp", System.getProperty("java.class.path"),
                MemoryBudgetMain.class.getName())).redirectErrorStream(true);
        pb.environment().put("LD_LIBRARY_PATH", lib.toString());
        pb.environment().put("SCALELAB_CACHE", Path.of("target", "fake-cuda-budget-cache").toAbsolutePath()
                .toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "timed out");
        System.out.print(out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("memory budget checks passed"), out);
    }
}
