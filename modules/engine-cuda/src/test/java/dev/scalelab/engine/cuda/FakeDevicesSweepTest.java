package dev.scalelab.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.core.run.Provenance;
import dev.scalelab.core.run.RunLogs;
import dev.scalelab.core.run.SweepDirectory;
import dev.scalelab.engine.cuda.FakeCudaLibrary.JavaRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sweep run --devices} on the CUDA backend against the fake CUDA library with 3 fake GPUs
 * (FAKE_CUDA_DEVICES=3), in a child JVM ({@code SweepMain}): every run completes, each on a GPU of the list
 * (its own primary context, stream and cuBLAS handle), named in its provenance; a device that is not there, and
 * a machine without GPUs, are one-line errors.
 */
class FakeDevicesSweepTest {
    private static final String CONFIG = """
            name: gpus
            backend: cuda
            parameters:
              width: {values: [3, 5, 8, 13]}
              seed: {values: [1, 2]}
            task: {kind: random_regression, n: 16, d: 3, test_size: 8}
            train: {steps: 20, log_every: 10, lr: 0.01}
            """;

    @Test
    void sweepRunsOnEveryFakeGpu(@TempDir Path tmp) throws Exception {
        Path lib = FakeCudaLibrary.build(Path.of(""), Path.of("target", "fake-cuda").toAbsolutePath());
        Assumptions.assumeTrue(lib != null, "g++ is not on the PATH");
        Path config = tmp.resolve("gpus.yaml");
        Files.writeString(config, CONFIG);
        Path out = tmp.resolve("out");
        JavaRun all = sweep(lib, config, out, "3", "--devices", "all");
        assertEquals(0, all.exit(), all.output());
        assertTrue(all.output().contains("sweep: devices [0, 1, 2]: one worker per device"), all.output());
        SweepDirectory dir = new SweepDirectory(out);
        assertEquals(8, dir.completedRunIds().size(), all.output());
        Set<Integer> gpus = new TreeSet<>();
        Pattern gpu = Pattern.compile("; GPU (\\d)\\)$");
        for (String id : dir.completedRunIds()) {
            assertEquals("done", dir.readSummary(id).status());
            Provenance p = RunLogs.read(dir.file(id, SweepDirectory.PROVENANCE), Provenance.class);
            Matcher m = gpu.matcher(p.device());
            assertTrue(p.device().startsWith("Fake GPU (ScaleLab test double) (sm_90") && m.find(), p.device());
            gpus.add(Integer.parseInt(m.group(1)));
        }
        assertTrue(Set.of(0, 1, 2).containsAll(gpus) && !gpus.isEmpty(), gpus.toString());

        JavaRun some = sweep(lib, config, tmp.resolve("some"), "3", "--devices", "2");
        assertEquals(0, some.exit(), some.output());
        for (String id : new SweepDirectory(tmp.resolve("some")).completedRunIds()) {
            assertTrue(RunLogs.read(new SweepDirectory(tmp.resolve("some")).file(id, SweepDirectory.PROVENANCE),
                    Provenance.class).device().endsWith("; GPU 2)"));
        }

        JavaRun missing = sweep(lib, config, tmp.resolve("missing"), "2", "--devices", "0,2");
        assertEquals(2, missing.exit(), missing.output());
        assertTrue(missing.output().contains("error: --devices: no device 2 (backend cuda has 2 here: 0-1)"),
                missing.output());
        JavaRun none = sweep(lib, config, tmp.resolve("none"), "0", "--devices", "all");
        assertEquals(2, none.exit(), none.output());
        assertTrue(none.output().contains("error: --backend cuda: no CUDA GPU visible to the driver"),
                none.output());
    }

    /** SweepMain in a child JVM on the fake library with {@code gpus} fake GPUs (0: no device at all). */
    private static JavaRun sweep(Path lib, Path config, Path out, String gpus, String... args)
            throws IOException, InterruptedException {
        FakeCudaLibrary.ChildJvm child = FakeCudaLibrary.java(lib, "dev.scalelab.engine.sweep.SweepMain")
                .jvm("-Xmx384m").timeoutSeconds(300)
                .env("SCALELAB_CACHE", Path.of("target", "fake-cuda-devices-cache").toAbsolutePath().toString());
        if (gpus.equals("0")) {
            child.env("FAKE_CUDA_NO_DEVICE", "1");
        } else {
            child.env("FAKE_CUDA_DEVICES", gpus);
        }
        List<String> all = new ArrayList<>(List.of(config.toString(), out.toString()));
        all.addAll(List.of(args));
        return child.run(all.toArray(String[]::new));
    }
}
