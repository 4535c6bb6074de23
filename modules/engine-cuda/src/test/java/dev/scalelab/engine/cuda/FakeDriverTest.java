package dev.scalelab.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.engine.cuda.FakeCudaLibrary.JavaRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The CUDA backend end to end without a GPU, against a fake CUDA library (src/test/native/fake_cuda.cpp, built
 * here with g++) that stands in for libcuda.so.1, libnvrtc.so.13 and libcublas.so.13: "device" memory is host
 * memory, and the kernels are ScaleLab's own .cu sources compiled as host C++. This checks what does not need
 * the GPU itself: the JNA direct-mapped signatures, library discovery, NVRTC options and the kernel cache,
 * every launch's argument marshalling, the cuBLAS row/column-major mapping, graph capture bookkeeping, and the
 * kernels' arithmetic (run on the CPU) through the unchanged training loop against ND4J. It cannot check GPU
 * execution (thread scheduling, memory model, CUDA math functions, cuBLAS itself). Skipped without g++.
 */
class FakeDriverTest {

    private static Path fakeDir;

    /** Builds the fake library once per test class; skips when g++ is missing. */
    private static synchronized Path fakeLibrary() throws Exception {
        if (fakeDir == null) {
            fakeDir = FakeCudaLibrary.build(Path.of(""), Path.of("target", "fake-cuda").toAbsolutePath());
            Assumptions.assumeTrue(fakeDir != null, "g++ is not on the PATH");
        }
        return fakeDir;
    }

    @Test
    void cudaBackendRunsTheTrainingLoopOnTheFakeDriver() throws Exception {
        Path dir = fakeLibrary();
        Path cache = Path.of("target", "fake-cuda-cache").toAbsolutePath();
        deleteTree(cache);

        JavaRun first = FakeCudaLibrary.java(dir, FakeDriverMain.class.getName()).directory(dir)
                .env("SCALELAB_CACHE", cache.toString()).env("SCALELAB_CUDA_GRAPHS", "1").run("12");
        assertEquals(0, first.exit(), first.output());
        assertTrue(first.output().contains("fake-driver checks passed"), first.output());
        List<String> cached;
        try (Stream<Path> files = Files.list(cache.resolve("kernels"))) {
            cached = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertEquals(KernelCompiler.SOURCES.size(), cached.size(), "one cached binary per kernel source: " + cached);
        assertTrue(cached.stream().allMatch(n -> n.matches("(elementwise|reductions|least_squares|fused_mlp|stopping)"
                + "-sm_90-[0-9a-f]{16}\\.cubin")),
                cached.toString());
        assertTrue(Files.readString(cache.resolve("kernels").resolve(cached.get(0))).contains(
                "--gpu-architecture=sm_90"), "NVRTC compiled for the device's own architecture");

        JavaRun noDevice = FakeCudaLibrary.java(dir, NoDeviceMain.class.getName()).directory(dir)
                .env("SCALELAB_CACHE", cache.toString()).env("FAKE_CUDA_NO_DEVICE", "1").run();
        assertEquals(0, noDevice.exit(), noDevice.output());
        assertTrue(noDevice.output().contains("--backend cuda: no CUDA GPU visible to the driver (cuInit: "
                + "CUDA_ERROR_NO_DEVICE (100))"), noDevice.output());

        JavaRun volta = FakeCudaLibrary.java(dir, NoDeviceMain.class.getName()).directory(dir)
                .env("SCALELAB_CACHE", cache.toString()).env("FAKE_CUDA_CC", "70").run();
        assertTrue(volta.output().contains("--backend cuda: no NVRTC can compile for this GPU's sm_70"),
                volta.output());
    }

    /**
     * The training loop with CUDA graphs on the fake library equals the loop without them bit for bit (losses,
     * stopping steps, final parameters) and records each run's step once and replays it once per later step
     * ({@link GraphTrainingMain}).
     */
    @Test
    void trainingStepsReplayedAsCudaGraphsEqualEagerSteps() throws Exception {
        Path dir = fakeLibrary();
        Path cache = Path.of("target", "fake-cuda-graph-cache").toAbsolutePath();
        JavaRun run = FakeCudaLibrary.java(dir, GraphTrainingMain.class.getName()).directory(dir)
                .env("SCALELAB_CACHE", cache.toString()).run("30");
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("graph checks passed"), run.output());
    }

    /**
     * The -Pcuda guard: with ND4J's CUDA backend on the class path (a stand-in class here), {@code --backend cpu}
     * is refused on a GPU of compute capability 9.0 (naming --backend cuda) and allowed on 8.6.
     */
    @Test
    void nd4jCudaIsRefusedOnHopper() throws Exception {
        Path dir = fakeLibrary();
        Path classes = Path.of("target", "fake-nd4j-cuda").toAbsolutePath();
        Path src = classes.resolve("org/nd4j/linalg/jcublas/JCublasBackend.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, "package org.nd4j.linalg.jcublas;\npublic class JCublasBackend {\n}\n");
        var javac = javax.tools.ToolProvider.getSystemJavaCompiler();
        Assumptions.assumeTrue(javac != null, "no system Java compiler");
        assertEquals(0, javac.run(null, null, null, "-d", classes.toString(), src.toString()));
        JavaRun hopper = FakeCudaLibrary.java(dir, NoDeviceMain.class.getName()).classPath(classes).directory(dir)
                .env("FAKE_CUDA_CC", "90").run("cpu");
        assertTrue(hopper.output().contains("--backend cpu: this build uses ND4J's CUDA 11.6 backend (-Pcuda), which"
                + " has no kernels for Fake GPU (ScaleLab test double) (compute capability 9.0); use --backend cuda"),
                hopper.output());
        JavaRun ampere = FakeCudaLibrary.java(dir, NoDeviceMain.class.getName()).classPath(classes).directory(dir)
                .env("FAKE_CUDA_CC", "86").run("cpu");
        assertTrue(ampere.output().contains("created nd4j-cpu"), ampere.output());
    }

    /** Prints the message of the backend's failure (or "created" and its name). */
    public static final class NoDeviceMain {
        public static void main(String[] args) {
            String name = args.length > 0 ? args[0] : "cuda";
            try (var b = dev.scalelab.engine.compute.Backends.create(name,
                    dev.scalelab.engine.compute.Precision.FP32)) {
                System.out.println("created " + b.name());
            } catch (dev.scalelab.core.UserInputException e) {
                System.out.println(e.getMessage());
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }
}
