package dev.scalelab.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.core.UserInputException;
import dev.scalelab.engine.compute.Backends;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.compute.Precision;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Without a usable GPU, {@code Backends.create("cuda", FP32)} fails with one line naming what is missing (the
 * driver, a device, NVRTC or cuBLAS). On a machine where the backend starts, the test is skipped.
 */
class NoGpuErrorTest {

    @Test
    void cudaIsDiscoveredThroughTheServiceLoader() {
        String available = Backends.available();
        assertTrue(available.contains("cuda") && available.contains("cuda-tf32") && available.contains("cuda-bf16"),
                available);
    }

    @Test
    void withoutAGpuTheErrorIsOneLineNamingWhatIsMissing() {
        ComputeBackend backend;
        try {
            backend = Backends.create("cuda", Precision.FP32);
        } catch (UserInputException e) {
            String m = e.getMessage();
            assertFalse(m.contains("\n"), "one line: " + m);
            assertTrue(m.matches("--backend cuda: (no NVIDIA driver: libcuda\\.so\\.1 not found.*"
                    + "|no CUDA GPU visible.*|the NVIDIA driver failed to start.*|NVRTC not found.*"
                    + "|cuBLAS not found.*|no NVRTC can compile.*|.* has compute capability .*"
                    + "|.* lacks a function ScaleLab needs: .*)"), m);
            // The same message again (the failure is remembered, not retried half-way).
            UserInputException again = assertThrows(UserInputException.class,
                    () -> Backends.create("cuda", Precision.FP32));
            assertTrue(again.getMessage().equals(m), again.getMessage());
            return;
        }
        backend.close();
        Assumptions.abort("a usable GPU is present; the no-GPU error cannot be observed here");
    }

    @Test
    void unknownBackendListsTheAvailableOnes() {
        UserInputException e = assertThrows(UserInputException.class, () -> Backends.create("tpu", Precision.FP32));
        assertTrue(e.getMessage().startsWith("--backend: unknown backend 'tpu' (available: cpu (alias nd4j), cuda"),
                e.getMessage());
    }
}
