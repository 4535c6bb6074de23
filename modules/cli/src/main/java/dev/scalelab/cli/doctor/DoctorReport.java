package dev.scalelab.cli.doctor;

import dev.scalelab.engine.compute.OutOfDeviceMemoryException;
import dev.scalelab.engine.cuda.CudaInventory;
import dev.scalelab.engine.selftest.Check;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/** The doctor's screen and JSON document. */
final class DoctorReport {
    private DoctorReport() {
    }

    static void printFacts(MachineFacts f, PrintWriter out) {
        CudaInventory c = f.cuda();
        line(out, "Java", f.javaRuntime());
        line(out, "OS", f.os());
        line(out, "CPU", f.cpu() + ", " + f.cores() + " cores"
                + (f.memoryBytes() > 0 ? ", " + OutOfDeviceMemoryException.size(f.memoryBytes()) + " memory" : ""));
        line(out, "ND4J CPU", (f.nd4j().present() ? "present: " : "absent: ") + f.nd4j().detail());
        line(out, "Backends", f.backends());
        line(out, "NVIDIA", c.driver() == null ? "no driver"
                : "driver " + orUnknown(c.nvidiaDriver()) + ", CUDA driver API " + c.cudaDriverVersion() + " ("
                        + library(c.driver()) + ")");
        if (c.driver() != null) {
            line(out, "NVRTC", c.nvrtc().isEmpty() ? "not found"
                    : String.join("; ", c.nvrtc().stream().map(DoctorReport::library).toList()));
            line(out, "cuBLAS", c.cublas() == null ? "not found" : library(c.cublas()));
        }
        for (CudaInventory.Gpu g : c.gpus()) {
            line(out, "GPU " + g.ordinal(), String.format(Locale.ROOT, "%s, compute capability %d.%d, %d SMs, %s free"
                    + " of %s; kernels: %s", g.name(), g.computeCapability() / 10, g.computeCapability() % 10,
                    g.multiprocessors(), OutOfDeviceMemoryException.size(g.freeBytes()),
                    OutOfDeviceMemoryException.size(g.totalBytes()), g.kernelTarget() == null ? "none"
                            : g.kernelTarget()));
        }
        line(out, "Kernel cache", c.kernelCache() + " (" + cachedFiles(c.kernelCache()) + ")");
        for (String p : c.problems()) {
            line(out, "Problem", p);
        }
        line(out, "Can run", canRun(f));
    }

    private static String canRun(MachineFacts f) {
        List<String> can = new ArrayList<>();
        if (f.nd4j().present()) {
            can.add("--backend cpu");
        }
        if (f.cuda().usable()) {
            can.add("--backend cuda (cuda-tf32, cuda-bf16 on compute capability ≥ 8.0)");
        }
        return can.isEmpty() ? "no backend: install ND4J's CPU libraries or an NVIDIA GPU's driver and CUDA libraries"
                : String.join(", ", can) + (f.cuda().usable() ? "; check the GPU with: scalelab doctor --gpu-test" : "");
    }

    private static String library(CudaInventory.Library l) {
        return l.soname() + (l.version() != null ? " " + l.version() : "") + " at "
                + (l.path() == null ? "(path unknown: found by the dynamic loader)" : l.path());
    }

    private static String orUnknown(String s) {
        return s == null ? "version unknown" : s;
    }

    private static String cachedFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return "empty: kernels are compiled on first use";
        }
        try (Stream<Path> files = Files.list(dir)) {
            long n = files.count();
            return n + (n == 1 ? " file" : " files");
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        }
    }

    private static void line(PrintWriter out, String key, String value) {
        out.printf(Locale.ROOT, "%-13s %s%n", key, value);
    }

    static void printCheckHeader(PrintWriter out) {
        out.printf(Locale.ROOT, "%-9s %-52s %10s %10s  %s%n", "group", "check", "error", "tolerance", "result");
    }

    static void printCheck(Check c, PrintWriter out) {
        out.printf(Locale.ROOT, "%-9s %-52s %10s %10s  %s%s%n", c.group(), c.name(), number(c.error()),
                number(c.tolerance()), c.status(), c.note().isEmpty() ? "" : "  " + c.note());
    }

    private static String number(double x) {
        return Double.isNaN(x) ? "-" : x == 0 ? "0" : String.format(Locale.ROOT, "%.2e", x);
    }

    static void printVerdict(List<Check> checks, PrintWriter out) {
        List<Check> failed = checks.stream().filter(Check::failed).toList();
        long skipped = checks.stream().filter(c -> c.status() == Check.Status.SKIPPED).count();
        if (failed.isEmpty()) {
            out.printf(Locale.ROOT, "PASSED: %d checks%s%n", checks.size() - skipped,
                    skipped > 0 ? " (" + skipped + " skipped)" : "");
        } else {
            out.printf(Locale.ROOT, "FAILED: %d of %d checks: %s%n", failed.size(), checks.size(),
                    String.join(", ", failed.stream().map(c -> c.group() + " " + c.name()).toList()));
        }
    }

    static Map<String, Object> factsJson(MachineFacts f) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("java", f.javaRuntime());
        doc.put("os", f.os());
        doc.put("cpu", f.cpu());
        doc.put("cores", f.cores());
        doc.put("memory_bytes", f.memoryBytes());
        doc.put("nd4j_cpu", f.nd4j());
        // "cpu (alias nd4j), cuda" -> ["cpu", "cuda"]: the names --backend takes
        doc.put("backends", java.util.Arrays.stream(f.backends().split(",\\s*")).map(b -> b.strip().split("\\s+")[0])
                .filter(b -> !b.isEmpty()).toList());
        CudaInventory c = f.cuda();
        Map<String, Object> cuda = new LinkedHashMap<>();
        cuda.put("nvidia_driver", c.nvidiaDriver());
        cuda.put("cuda_driver_version", c.cudaDriverVersion());
        cuda.put("driver_library", c.driver());
        cuda.put("nvrtc", c.nvrtc());
        cuda.put("cublas", c.cublas());
        cuda.put("gpus", c.gpus());
        cuda.put("kernel_cache", c.kernelCache().toString());
        cuda.put("problems", c.problems());
        cuda.put("usable", c.usable());
        doc.put("cuda", cuda);
        return doc;
    }
}
