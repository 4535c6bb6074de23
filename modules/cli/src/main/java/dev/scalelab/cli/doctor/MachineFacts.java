package dev.scalelab.cli.doctor;

import dev.scalelab.engine.compute.Backends;
import dev.scalelab.engine.cuda.CudaInventory;
import dev.scalelab.engine.nd4j.CpuInfo;
import dev.scalelab.engine.nd4j.Nd4jBackendProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What this machine can run, read without running anything: Java, the OS, the CPU, whether ND4J's CPU backend
 * is installed, the backends on the class path, and what the CUDA backend finds ({@link CudaInventory}).
 */
record MachineFacts(String javaRuntime, String os, String cpu, int cores, long memoryBytes, Nd4j nd4j, String backends,
                    CudaInventory cuda) {

    /** ND4J's CPU backend: whether its classes and this platform's native libraries are in the installation. */
    record Nd4j(boolean present, String detail) {
    }

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
        Nd4jBackendProvider.Installation i = Nd4jBackendProvider.installation();
        return new Nd4j(i.present(), i.present() ? i.detail() : i.detail() + " (a GPU bundle?): --backend cpu is "
                + "unavailable");
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
