package dev.scalelab.cli.doctor;

import dev.scalelab.engine.compute.Backends;
import dev.scalelab.engine.cuda.CudaInventory;
import dev.scalelab.engine.nd4j.CpuInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What this machine can run, read without running anything: Java, the OS, the CPU, whether ND4J's CPU backend
 * is installed, the backends on the class path, and what the CUDA backend finds ({@link CudaInventory}).
 */
record MachineFacts(String javaRuntime, String os, String cpu, int cores, long memoryBytes, Nd4j nd4j, String backends,
                    CudaInventory cuda) {

    /** ND4J's CPU backend: whether its classes and this platform's native libraries are in the installation. */
    record Nd4j(boolean present, String detail) {
    }

    private static final String ND4J_CLASS = "org.nd4j.linalg.factory.Nd4j";
    private static final String ND4J_NATIVES = "org/nd4j/linalg/cpu/nativecpu/bindings/";

    static MachineFacts probe() {
        String java = System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ") at "
                + System.getProperty("java.home");
        String os = System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
                + System.getProperty("os.arch") + ")";
        return new MachineFacts(java, os, CpuInfo.modelName(), Runtime.getRuntime().availableProcessors(),
                physicalMemory(), probeNd4j(), Backends.available(), CudaInventory.probe());
    }

    /** Looks for ND4J's classes and natives without loading ND4J (which would unpack and load its natives). */
    static Nd4j probeNd4j() {
        ClassLoader loader = MachineFacts.class.getClassLoader();
        if (loader.getResource(ND4J_CLASS.replace('.', '/') + ".class") == null) {
            return new Nd4j(false, "not in this installation (a GPU bundle?): --backend cpu is unavailable");
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux") ? "linux"
                : System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("mac") ? "macosx" : "windows";
        String arch = switch (System.getProperty("os.arch", "")) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "arm64";
            default -> System.getProperty("os.arch", "");
        };
        String platform = os + "-" + arch;
        if (loader.getResource(ND4J_NATIVES + platform + "/") == null) {
            return new Nd4j(false, "ND4J classes present, but no native libraries for " + platform);
        }
        Package p = loader.getDefinedPackage("org.nd4j.linalg.factory");
        String version = p != null && p.getImplementationVersion() != null ? " " + p.getImplementationVersion() : "";
        return new Nd4j(true, "ND4J" + version + " with native libraries for " + platform);
    }

    /** MemTotal from /proc/meminfo (Linux), in bytes; -1 when unknown. */
    private static long physicalMemory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }
}
