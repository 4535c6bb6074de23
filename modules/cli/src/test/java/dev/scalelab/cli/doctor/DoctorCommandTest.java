package dev.scalelab.cli.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scalelab.cli.CliRun;
import dev.scalelab.cli.Main;
import dev.scalelab.engine.cuda.FakeCudaLibrary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code scalelab doctor} here (no GPU), and {@code doctor --gpu-test} in a child JVM on the fake CUDA library
 * (engine-cuda's test double: ScaleLab's kernels run on the host): every check passes, and with one kernel
 * broken the command exits 1 naming that primitive.
 */
class DoctorCommandTest {
    private static final Path ENGINE_CUDA = Path.of("..", "engine-cuda");

    @Test
    void reportsThisMachine() throws Exception {
        String out = CliRun.of("doctor").assertOk().out();
        for (String key : List.of("Java ", "CPU ", "ND4J CPU ", "NVIDIA ", "Kernel cache ", "Can run ")) {
            assertTrue(out.contains("\n" + key) || out.startsWith(key), key + ":\n" + out);
        }
        String json = CliRun.of("doctor", "--json").assertOk().out();
        JsonNode doc = new ObjectMapper().readTree(json);
        assertTrue(doc.get("cores").asInt() >= 1);
        assertTrue(doc.get("nd4j_cpu").get("present").asBoolean(), "this build has ND4J's CPU backend");
        assertTrue(doc.get("cuda").has("gpus") && doc.get("cuda").has("kernel_cache"), json);
        assertTrue(doc.get("backends").isArray(), json);
        assertEquals("cpu", doc.get("backends").get(0).asText(), json);
    }

    /** Without a GPU, --gpu-test says there is none (exit 1) instead of reporting a failed check. */
    @Test
    void gpuTestWithoutAGpuSaysSo() throws Exception {
        String json = CliRun.of("doctor", "--json").assertOk().out();
        Assumptions.assumeTrue(new ObjectMapper().readTree(json).get("cuda").get("gpus").isEmpty(),
                "this machine has a GPU");
        CliRun run = CliRun.of("doctor", "--gpu-test");
        assertEquals(1, run.code(), run.err());
        assertTrue(run.out().contains("\nno GPU: this machine has no usable CUDA GPU, so there is nothing to test"),
                run.out());
        assertFalse(run.out().contains("FAILED"), run.out());
        CliRun doc = CliRun.of("doctor", "--gpu-test", "--json");
        assertEquals(1, doc.code(), doc.err());
        JsonNode test = new ObjectMapper().readTree(doc.out()).get("gpu_test");
        assertFalse(test.get("passed").asBoolean());
        assertTrue(test.get("error").asText().startsWith("no GPU: "), doc.out());
    }

    /** --cpu-test: both CPU paths through the GPU's self-test, every training run checked against the reference. */
    @Test
    void cpuTestChecksBothCpuPaths() throws Exception {
        CliRun run = CliRun.of("doctor", "--cpu-test", "--steps", "20", "--models", "4", "--json").assertOk();
        JsonNode test = new ObjectMapper().readTree(run.out()).get("cpu_test");
        assertTrue(test.get("passed").asBoolean(), run.out());
        int training = 0;
        for (JsonNode check : test.get("checks")) {
            assertFalse(check.get("status").asText().equals("FAIL"), check.toString());
            training += check.get("group").asText().equals("training") ? 1 : 0;
        }
        assertEquals(48, training, "24 activation × loss × optimizer runs on each of the two paths");
        String text = CliRun.of("doctor", "--cpu-test", "--steps", "5", "--models", "2").assertOk().out();
        assertTrue(text.contains("Self-test of CPU, fused kernels") && text.contains("Self-test of CPU, ND4J primitives"),
                text);
    }

    /** A GPU bundle has no ND4J: doctor says so instead of failing. */
    @Test
    void reportsAnInstallationWithoutNd4j() throws Exception {
        FakeCudaLibrary.JavaRun run = FakeCudaLibrary.java(Main.class.getName())
                .withoutClassPath("(nd4j|javacpp|openblas|deeplearning4j).*").timeoutSeconds(120).run("doctor");
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("ND4J CPU      absent: not in this installation"), run.output());
        assertFalse(run.output().contains("Exception") || run.output().contains("Error:"), run.output());
    }

    @Test
    void gpuTestPassesOnTheFakeGpuAndNamesABrokenKernel() throws Exception {
        Path fake = FakeCudaLibrary.build(ENGINE_CUDA, Path.of("target", "fake-cuda").toAbsolutePath());
        Assumptions.assumeTrue(fake != null, "g++ is not on the PATH");
        Path cache = Path.of("target", "fake-cuda-cache").toAbsolutePath();

        FakeCudaLibrary.JavaRun facts = doctor(fake, cache, Map.of(), "--json");
        assertEquals(0, facts.exit(), facts.output());
        JsonNode cuda = new ObjectMapper().readTree(facts.output()).get("cuda");
        assertEquals("Fake GPU (ScaleLab test double)", cuda.get("gpus").get(0).get("name").asText());
        assertEquals(90, cuda.get("gpus").get(0).get("computeCapability").asInt());
        assertTrue(cuda.get("nvrtc").get(0).get("path").asText().endsWith("libnvrtc.so.13"), facts.output());

        FakeCudaLibrary.JavaRun pass = doctor(fake, cache, Map.of(), "--gpu-test", "--steps", "3", "--models", "2");
        assertEquals(0, pass.exit(), pass.output());
        assertTrue(pass.output().contains("PASSED: "), pass.output());
        assertFalse(pass.output().contains(" FAIL"), pass.output());
        assertTrue(pass.output().matches("(?s).*primitive +sumRows .* PASS.*"), pass.output());

        FakeCudaLibrary.JavaRun broken = doctor(fake, cache, Map.of("FAKE_CUDA_BROKEN_KERNEL", "sl_sum_rows"),
                "--gpu-test", "--steps", "3", "--models", "2");
        assertEquals(1, broken.exit(), broken.output());
        assertTrue(broken.output().matches("(?s).*primitive +sumRows .* FAIL.*"), broken.output());
        String verdict = broken.output().lines().filter(l -> l.startsWith("FAILED: ")).findFirst().orElse("");
        assertTrue(verdict.contains("primitive sumRows"), broken.output());
    }

    private static FakeCudaLibrary.JavaRun doctor(Path fake, Path cache, Map<String, String> env, String... args)
            throws Exception {
        List<String> all = new ArrayList<>(List.of("doctor"));
        all.addAll(List.of(args));
        return FakeCudaLibrary.java(fake, Main.class.getName()).env("SCALELAB_CACHE", cache.toString()).env(env)
                .run(all.toArray(String[]::new));
    }
}
