package dev.scalelab.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fused small-MLP kernels (kernels/fused_mlp.cu) on the fake CUDA library, through the unchanged training
 * loop: 200 steps of every activation × loss × optimizer with masks equal the primitives issued one by one within
 * 1e-5 (FP32) and 1e-10 (FP64), see {@link FusedTrainingMain}. Skipped without g++.
 */
class FusedKernelTest {

    @Test
    void fusedTrainingEqualsUnfusedTraining() throws Exception {
        Path dir = FakeDriverTest.fakeLibrary();
        Path cache = Path.of("target", "fake-cuda-fused-cache").toAbsolutePath();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        FakeDriverTest.Run run = FakeDriverTest.run(List.of(java, "-cp", System.getProperty("java.class.path"),
                FusedTrainingMain.class.getName(), "200"), dir, List.of("LD_LIBRARY_PATH=" + dir,
                "SCALELAB_CACHE=" + cache, "FAKE_CUDA_SMS=" + FusedTrainingMain.SMS));
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("fused checks passed"), run.output());
    }
}
