package dev.scalelab.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Several training steps per launch with the stopping rule on the device, on the fake CUDA library
 * ({@link LaunchedStepsMain} in a child JVM): bit for bit the results of one step per launch, one host wait per
 * launch, and a broken device freeze is noticed. Skipped without g++.
 */
class LaunchedStepsTest {

    @Test
    void severalStepsPerLaunchEqualOneAndWaitOncePerLaunch() throws Exception {
        Path dir = FakeCudaLibrary.build(Path.of(""), Path.of("target", "fake-cuda").toAbsolutePath());
        Assumptions.assumeTrue(dir != null, "g++ is not on the PATH");
        String cache = Path.of("target", "fake-cuda-launch-cache").toAbsolutePath().toString();
        FakeCudaLibrary.JavaRun all = FakeCudaLibrary.java(dir, LaunchedStepsMain.class.getName()).directory(dir)
                .env("SCALELAB_CACHE", cache).run("all");
        assertEquals(0, all.exit(), all.output());
        assertTrue(all.output().contains("launch checks passed"), all.output());

        FakeCudaLibrary.JavaRun broken = FakeCudaLibrary.java(dir, LaunchedStepsMain.class.getName()).directory(dir)
                .env("SCALELAB_CACHE", cache).env("FAKE_CUDA_BROKEN_KERNEL", "sl_freeze_stopped").run("broken");
        assertEquals(0, broken.exit(), broken.output());
        assertTrue(broken.output().contains("broken device freeze detected"), broken.output());
    }
}
