package dev.scalelab.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Contiguous parameter, gradient and optimizer-state buffers and per-element learning rates on the CUDA backend,
 * against the fake CUDA library in a child JVM ({@link ContiguousBuffersMain}): one kernel launch per optimizer
 * step, counted by the fake driver, with the same results as the per-layer path.
 */
class ContiguousBuffersTest {

    @Test
    void optimizerStepIsOneLaunchAndEqualsPerLayerSteps() throws Exception {
        Path lib = FakeCudaLibrary.build(Path.of(""), Path.of("target", "fake-cuda").toAbsolutePath());
        Assumptions.assumeTrue(lib != null, "g++ is not on the PATH");
        FakeCudaLibrary.JavaRun run = FakeCudaLibrary.runJava(lib, Map.of("SCALELAB_CACHE",
                Path.of("target", "fake-cuda-contiguous-cache").toAbsolutePath().toString()),
                ContiguousBuffersMain.class.getName());
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("contiguous-buffer checks passed"), run.output());
    }
}
