package dev.scalelab.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Where nvcc is on the PATH, every kernel source compiles with it (with the generated {@link KernelPrelude}
 * pre-included, as NVRTC gets it prepended; warnings are errors) for the oldest architecture this nvcc supports of
 * sm_70/sm_75 (CUDA 13 dropped sm_70), for sm_80 and for sm_90, to CUBIN and PTX, and defines every kernel the
 * backend looks up. Skipped without nvcc. Outputs go to target/nvcc-kernels.
 */
class KernelSourcesCompileTest {

    @Test
    void everyKernelSourceCompilesWithNvcc() throws Exception {
        Path nvcc = onPath("nvcc");
        Assumptions.assumeTrue(nvcc != null, "nvcc is not on the PATH");
        String archList = run(List.of(nvcc.toString(), "--list-gpu-arch"), null);
        List<Integer> archs = new ArrayList<>();
        archs.add(archList.contains("compute_70") ? 70 : 75);
        archs.add(80);
        archs.add(90);
        Path out = Path.of("target", "nvcc-kernels");
        Files.createDirectories(out);
        String prelude = FakeCudaLibrary.writeIfChanged(out.resolve("sl_kernel_prelude.h"), KernelPrelude.text())
                .toString();

        Path dir = kernelDir();
        List<String> onDisk;
        try (Stream<Path> files = Files.list(dir)) {
            onDisk = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".cu")).sorted().toList();
        }
        assertEquals(KernelCompiler.SOURCES.stream().sorted().toList(), onDisk,
                "KernelCompiler.SOURCES must list every kernels/*.cu resource");

        for (String source : onDisk) {
            Path cu = dir.resolve(source);
            String stem = source.replace(".cu", "");
            for (int arch : archs) {
                Path cubin = out.resolve(stem + "-sm_" + arch + ".cubin");
                run(List.of(nvcc.toString(), "-arch=sm_" + arch, "--cubin", "-Werror", "all-warnings",
                        "--pre-include", prelude, "-o", cubin.toString(), cu.toString()), source + " sm_" + arch);
                assertTrue(Files.size(cubin) > 0);
                Path ptx = out.resolve(stem + "-compute_" + arch + ".ptx");
                run(List.of(nvcc.toString(), "-arch=compute_" + arch, "--ptx", "--pre-include", prelude, "-o",
                        ptx.toString(), cu.toString()), source + " compute_" + arch);
                String text = Files.readString(ptx, StandardCharsets.UTF_8);
                for (String kernel : CudaDevice.kernelNames(source)) {
                    int entry = text.indexOf(".entry " + kernel + "(");
                    assertTrue(entry >= 0, source + " defines " + kernel);
                    String params = text.substring(entry, text.indexOf(')', entry));
                    int count = params.split("\\.param ", -1).length - 1;
                    Kernel k = java.util.Arrays.stream(Kernel.values()).filter(t -> kernel.startsWith(t.base() + "_"))
                            .filter(t -> kernel.length() == t.base().length() + 4).findFirst().orElseThrow();
                    assertEquals(k.params().size(), count, kernel + ": parameters in " + source
                            + " against the kernel table (Kernel.java)");
                }
            }
        }
    }

    private static Path kernelDir() throws URISyntaxException {
        var url = KernelSourcesCompileTest.class.getResource(KernelCompiler.RESOURCE_DIR + "elementwise.cu");
        Assumptions.assumeTrue(url != null && url.getProtocol().equals("file"), "kernel sources not on disk");
        return Path.of(url.toURI()).getParent();
    }

    static Path onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    private static String run(List<String> cmd, String what) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "nvcc timed out");
        if (what != null) {
            assertEquals(0, p.exitValue(), "nvcc " + what + ":\n" + output);
        }
        return output;
    }
}
