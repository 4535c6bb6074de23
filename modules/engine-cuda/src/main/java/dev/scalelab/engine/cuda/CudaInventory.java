package dev.scalelab.engine.cuda;

import com.sun.jna.NativeLibrary;
import dev.scalelab.core.UserInputException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What this machine offers the CUDA backend, found without failing: the NVIDIA driver and its CUDA version, the
 * NVRTC and cuBLAS libraries (with the files they were loaded from), every visible GPU, and the kernel cache
 * folder. Whatever is missing is a line in {@link #problems()}; {@link #probe()} never throws for a machine
 * without a GPU.
 */
public record CudaInventory(String nvidiaDriver, String cudaDriverVersion, Library driver, List<Library> nvrtc,
                            Library cublas, List<Gpu> gpus, Path kernelCache, List<String> problems) {

    /** A native library: the soname asked for, the file it came from (null when unknown), its version if known. */
    public record Library(String soname, String path, String version) {
    }

    /**
     * One GPU: driver ordinal, name, compute capability (e.g. 90), SMs, total and free memory in bytes, and the
     * NVRTC target its kernels are compiled for (null when none fits).
     */
    public record Gpu(int ordinal, String name, int computeCapability, int multiprocessors, long totalBytes,
                      long freeBytes, String kernelTarget) {
    }

    public boolean usable() {
        return !gpus.isEmpty() && cublas != null && !nvrtc.isEmpty()
                && gpus.stream().anyMatch(g -> g.kernelTarget() != null);
    }

    public static CudaInventory probe() {
        List<String> problems = new ArrayList<>();
        String nvidia = nvidiaDriverVersion();
        int version;
        try {
            version = CudaLibraries.initDriver();
        } catch (UserInputException e) {
            problems.add(strip(e.getMessage()));
            return new CudaInventory(nvidia, null, null, List.of(), null, List.of(), KernelCompiler.defaultCacheDir(),
                    problems);
        }
        String cudaVersion = version / 1000 + "." + version % 1000 / 10;
        String driverPath = pathOf(null, CudaLibraries.DRIVER_SONAME);
        if (nvidia == null && driverPath != null) {
            // The driver's library file carries its version: libcuda.so.580.159.03.
            Matcher m = Pattern.compile("libcuda\\.so\\.([0-9]+\\.[0-9.]+)$").matcher(driverPath);
            nvidia = m.find() ? m.group(1) : null;
        }
        Library driver = new Library(CudaLibraries.DRIVER_SONAME, driverPath, nvidia);
        List<Library> nvrtc = new ArrayList<>();
        Library cublas = null;
        List<NativeLibrary> candidates = List.of();
        try {
            CudaLibraries.Loaded loaded = CudaLibraries.load();
            candidates = loaded.nvrtcCandidates();
            for (NativeLibrary lib : candidates) {
                nvrtc.add(new Library(CudaLibraries.soname(lib), pathOf(lib, CudaLibraries.soname(lib)),
                        KernelCompiler.version(lib)));
            }
            cublas = new Library(loaded.cublas(), pathOf(null, loaded.cublas()), null);
        } catch (UserInputException e) {
            problems.add(strip(e.getMessage()));
        }
        List<Gpu> gpus = new ArrayList<>();
        int[] count = new int[1];
        CudaDriver.check(CudaDriver.cuDeviceGetCount(count), "cuDeviceGetCount");
        for (int i = 0; i < count[0]; i++) {
            try {
                gpus.add(gpu(i, candidates, problems));
            } catch (CudaException e) {
                problems.add("GPU " + i + ": " + e.getMessage());
            }
        }
        return new CudaInventory(nvidia, cudaVersion, driver, nvrtc, cublas, gpus, KernelCompiler.defaultCacheDir(),
                problems);
    }

    private static Gpu gpu(int ordinal, List<NativeLibrary> nvrtc, List<String> problems) {
        int[] out = new int[1];
        CudaDriver.check(CudaDriver.cuDeviceGet(out, ordinal), "cuDeviceGet(" + ordinal + ")");
        int device = out[0];
        byte[] nameBytes = new byte[256];
        CudaDriver.check(CudaDriver.cuDeviceGetName(nameBytes, nameBytes.length, device), "cuDeviceGetName");
        String name = new String(nameBytes, StandardCharsets.UTF_8).replace("\0", "").trim();
        int cc = CudaDevice.computeCapability(device);
        CudaDriver.check(CudaDriver.cuDeviceGetAttribute(out, CudaDriver.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT,
                device), "cuDeviceGetAttribute");
        int sms = out[0];
        long[] ctx = new long[1];
        CudaDriver.check(CudaDriver.cuDevicePrimaryCtxRetain(ctx, device), "cuDevicePrimaryCtxRetain");
        CudaDriver.check(CudaDriver.cuCtxSetCurrent(ctx[0]), "cuCtxSetCurrent");
        long[] free = new long[1];
        long[] total = new long[1];
        CudaDriver.check(CudaDriver.cuMemGetInfo_v2(free, total), "cuMemGetInfo_v2");
        String target = null;
        if (cc < CudaDevice.MIN_CC) {
            problems.add("GPU " + ordinal + " (" + name + "): compute capability " + cc / 10 + "." + cc % 10
                    + "; ScaleLab's CUDA backend needs 7.0 or newer");
        } else if (!nvrtc.isEmpty()) {
            try {
                KernelCompiler.Target t = KernelCompiler.choose(nvrtc, cc);
                target = t.arch() + (t.cubin() ? "" : " (PTX, compiled by the driver)") + " by NVRTC "
                        + t.version();
            } catch (UserInputException e) {
                problems.add("GPU " + ordinal + ": " + strip(e.getMessage()));
            }
        }
        return new Gpu(ordinal, name, cc, sms, total[0], free[0], target);
    }

    /** The messages say "--backend cuda: …" for commands; here the context is already clear. */
    private static String strip(String message) {
        return message.startsWith("--backend cuda: ") ? message.substring("--backend cuda: ".length()) : message;
    }

    /**
     * The file a loaded library came from: the process's own memory map names it (following symbolic links, as
     * the loader did), else what JNA remembers; null when neither knows.
     */
    static String pathOf(NativeLibrary lib, String soname) {
        String stem = soname.contains(".so") ? soname.substring(0, soname.indexOf(".so") + 3) : soname;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
                int slash = line.indexOf('/');
                if (slash >= 0) {
                    String file = line.substring(slash).trim();
                    if (Path.of(file).getFileName().toString().startsWith(stem)) {
                        return file;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall back to JNA
        }
        File f = lib == null ? null : lib.getFile();
        if (f != null && f.isAbsolute() && f.exists()) {
            return f.getPath();
        }
        // Loaded through a link whose target has another name (as a test double's is): look where the loader looks.
        String ld = System.getenv("LD_LIBRARY_PATH");
        List<String> dirs = new ArrayList<>(ld == null ? List.of() : List.of(ld.split(":")));
        CudaLibraries.searchDirs().forEach(d -> dirs.add(d.toString()));
        for (String dir : dirs) {
            if (!dir.isBlank() && Files.exists(Path.of(dir, soname))) {
                return Path.of(dir, soname).toAbsolutePath().toString();
            }
        }
        return null;
    }

    /** The kernel module's version from /proc/driver/nvidia/version (e.g. 580.159), else from libcuda's file name. */
    private static String nvidiaDriverVersion() {
        try {
            String text = Files.readString(Path.of("/proc/driver/nvidia/version"));
            Matcher m = Pattern.compile("Kernel Module\\s+([0-9][0-9.]*)").matcher(text);
            if (m.find()) {
                return m.group(1);
            }
        } catch (IOException | RuntimeException e) {
            // no kernel module visible (a container, or no NVIDIA driver)
        }
        return null;
    }
}
