package dev.scalelab.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The streamed task's primitives ({@code fillUniform}, {@code copyToModels}) on the CUDA backend, FP32 and FP64,
 * against the fake CUDA library in a child JVM ({@link StreamedPrimitivesMain}): the host's values bit for bit,
 * device-side copies, nothing copied from the host.
 */
class StreamedPrimitivesTest {

    @Test
    void fillUniformAndCopyToModelsRunOnTheDevice() throws Exception {
        Path lib = FakeCudaLibrary.build(Path.of(""), Path.of("target", "fake-cuda").toAbsolutePath());
        Assumptions.assumeTrue(lib != null, "g++ is not on the PATH");
        FakeCudaLibrary.JavaRun run = FakeCudaLibrary.runJava(lib, Map.of("SCALELAB_CACHE",
                Path.of("target", "fake-cuda-streamed-cache").toAbsolutePath().toString()),
                StreamedPrimitivesMain.class.getName());
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("streamed-primitive checks passed"), run.output());
    }
}
