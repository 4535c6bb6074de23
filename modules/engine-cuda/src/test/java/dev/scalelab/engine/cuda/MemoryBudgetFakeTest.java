package dev.scalelab.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
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
        FakeCudaLibrary.JavaRun run = FakeCudaLibrary.java(lib, MemoryBudgetMain.class.getName()).jvm("-Xmx384m")
                .timeoutSeconds(300)
                .env("SCALELAB_CACHE", Path.of("target", "fake-cuda-budget-cache").toAbsolutePath().toString())
                .run();
        System.out.print(run.output());
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("memory budget checks passed"), run.output());
    }
}
