package dev.scalelab.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
        Map<String, String> env = Map.of("LD_LIBRARY_PATH", dir.toString(), "SCALELAB_CACHE",
                Path.of("target", "fake-cuda-launch-cache").toAbsolutePath().toString());
        String out = run(dir, env, "all");
        assertTrue(out.contains("launch checks passed"), out);

        Map<String, String> broken = new java.util.HashMap<>(env);
        broken.put("FAKE_CUDA_BROKEN_KERNEL", "sl_freeze_stopped");
        out = run(dir, broken, "broken");
        assertTrue(out.contains("broken device freeze detected"), out);
    }

    private static String run(Path dir, Map<String, String> env, String mode) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                LaunchedStepsMain.class.getName(), mode)).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(600, TimeUnit.SECONDS), "timed out");
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
