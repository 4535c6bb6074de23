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
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                Bf16Main.class.getName(), "20")).redirectErrorStream(true);
        pb.environment().put("LD_LIBRARY_PATH", lib.toString());
        pb.environment().put("SCALELAB_CACHE", Path.of("target", "fake-cuda-bf16-cache").toAbsolutePath().toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "timed out");
        System.out.print(out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("bf16 checks passed"), out);
    }
}
