package dev.scalelab.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The BF16 mode ({@code cuda-bf16}: BF16 copies of every product operand, FP32 masters) on the fake CUDA library,
 * in a child JVM ({@link Bf16Main}): the rounding kernel against a Java round-to-nearest-even reference bit for
 * bit, the fused optimizer update against the unfused one, training with and without graphs against training
 * whose products round afresh (bit for bit) and against FP32 (within {@link Bf16Checks#TRACKS_FP32}).
 */
class Bf16FakeDriverTest {
    @Test
    void bf16ModeOnTheFakeDriver() throws Exception {
        Path lib = FakeCudaLibrary.build(Path.of(""), Path.of("target", "fake-cuda").toAbsolutePath());
        Assumptions.assumeTrue(lib != null, "g++ is not on the PATH");
        FakeCudaLibrary.JavaRun run = FakeCudaLibrary.java(lib, Bf16Main.class.getName()).timeoutSeconds(300)
                .env("SCALELAB_CACHE", Path.of("target", "fake-cuda-bf16-cache").toAbsolutePath().toString())
                .run("20");
        System.out.print(run.output());
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("bf16 checks passed"), run.output());
    }
}
