package dev.scalelab.engine.cuda;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Builds the fake CUDA library (src/test/native/fake_cuda.cpp with ScaleLab's kernel sources, by g++) and exposes
 * it as libcuda.so.1, libnvrtc.so.13 and libcublas.so.13 in one folder: put that folder on LD_LIBRARY_PATH of a
 * child JVM. Shared by this module's tests and other modules' (through the test jar).
 */
public final class FakeCudaLibrary {
    private FakeCudaLibrary() {
    }

    /**
     * Builds into {@code outDir} from the sources of the engine-cuda module at {@code moduleDir}; returns
     * {@code outDir}. Null when g++ is not on the PATH.
     */
    public static synchronized Path build(Path moduleDir, Path outDir) throws IOException, InterruptedException {
        Path gxx = KernelSourcesCompileTest.onPath("g++");
        if (gxx == null) {
            return null;
        }
        Files.createDirectories(outDir);
        Path nativeSrc = moduleDir.resolve("src/test/native").toAbsolutePath();
        Path kernels = moduleDir.resolve("src/main/resources" + KernelCompiler.RESOURCE_DIR).toAbsolutePath();
        Path lib = outDir.resolve("libfakecuda.so").toAbsolutePath();
        List<String> cmd = new ArrayList<>(List.of(gxx.toString(), "-std=c++20", "-O1", "-fPIC", "-shared",
                "-pthread", "-o", lib.toString(), "-include", nativeSrc.resolve("cuda_host_prelude.h").toString()));
        try (Stream<Path> files = Files.list(kernels)) {
            for (Path cu : files.filter(p -> p.toString().endsWith(".cu")).sorted().toList()) {
                cmd.addAll(List.of("-x", "c++", cu.toString()));
            }
        }
        cmd.addAll(List.of("-x", "c++", nativeSrc.resolve("fake_cuda.cpp").toString()));
        Process p = new ProcessBuilder(cmd).directory(outDir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("g++ failed:\n" + output);
        }
        for (String name : List.of("libcuda.so.1", "libnvrtc.so.13", "libcublas.so.13")) {
            Path link = outDir.resolve(name);
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, lib.getFileName());
        }
        return outDir;
    }
}
