package dev.scalelab.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The fused small-MLP kernels (kernels/fused_mlp.cu) on the fake CUDA library, through the unchanged training
 * loop: 200 steps of every activation × loss × optimizer with masks equal the primitives issued one by one, every
 * step's loss within 1e-5 (FP32) and 1e-10 (FP64), see {@link FusedTrainingMain}. Skipped without g++.
 */
class FusedKernelTest {

    @Test
    void fusedTrainingEqualsUnfusedTraining() throws Exception {
        Path lib = FakeCudaLibrary.build(Path.of(""), Path.of("target", "fake-cuda").toAbsolutePath());
        Assumptions.assumeTrue(lib != null, "g++ is not on the PATH");
        FakeCudaLibrary.JavaRun run = FakeCudaLibrary.runJava(lib, Map.of("SCALELAB_CACHE",
                Path.of("target", "fake-cuda-fused-cache").toAbsolutePath().toString(), "FAKE_CUDA_SMS",
                String.valueOf(FusedTrainingMain.SMS)), FusedTrainingMain.class.getName(), "200");
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("fused checks passed"), run.output());
    }
}
