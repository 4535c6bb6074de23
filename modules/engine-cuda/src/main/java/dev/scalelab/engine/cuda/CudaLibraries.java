package dev.scalelab.engine.cuda;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import dev.scalelab.core.UserInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds and binds the three native libraries: the driver (libcuda.so.1), NVRTC and cuBLAS, trying CUDA 13, 12
 * and 11 sonames in that order (by name through the dynamic loader, then in $CUDA_HOME, /usr/local/cuda and
 * $SCALELAB_CUDA_LIB_DIR). Whatever is missing becomes one line in a {@link UserInputException}, so
 * {@code --backend cuda} on a machine without a GPU prints {@code error: …} and exits with 2.
 */
final class CudaLibraries {
    static final List<String> NVRTC_SONAMES = List.of("libnvrtc.so.13", "libnvrtc.so.12",
            // CUDA 11.2-11.8 ship NVRTC under this soname; 11.0/11.1 lack nvrtcGetSupportedArchs and CUBIN output.
            "libnvrtc.so.11.2");
    static final List<String> CUBLAS_SONAMES = List.of("libcublas.so.13", "libcublas.so.12", "libcublas.so.11");
    static final String DRIVER_SONAME = "libcuda.so.1";

    /** The bound libraries: file names as loaded and versions. */
    record Loaded(String driver, int driverVersion, List<NativeLibrary> nvrtcCandidates, String cublas) {
    }

    /** The soname each loaded library was asked for (JNA's own name drops the version). */
    private static final java.util.Map<NativeLibrary, String> SONAMES = new java.util.IdentityHashMap<>();
    private static Loaded loaded;
    private static UserInputException failure;

    private CudaLibraries() {
    }

    /** Loads everything once per JVM; later calls return the same result (or throw the same failure). */
    static synchronized Loaded load() {
        if (loaded != null) {
            return loaded;
        }
        if (failure != null) {
            throw failure;
        }
        try {
            loaded = doLoad();
            return loaded;
        } catch (UserInputException e) {
            failure = e;
            throw e;
        }
    }

    private static Loaded doLoad() {
        int version = initDriver();
        List<NativeLibrary> nvrtc = openAll(NVRTC_SONAMES);
        if (nvrtc.isEmpty()) {
            throw missing("NVRTC not found (tried " + String.join(", ", NVRTC_SONAMES) + "; install the CUDA "
                    + "NVRTC runtime library, e.g. cuda-nvrtc-13-0, or set SCALELAB_CUDA_LIB_DIR)");
        }
        NativeLibrary cublas = open(CUBLAS_SONAMES);
        if (cublas == null) {
            throw missing("cuBLAS not found (tried " + String.join(", ", CUBLAS_SONAMES) + "; install the "
                    + "cuBLAS runtime library, e.g. libcublas-13-0, or set SCALELAB_CUDA_LIB_DIR)");
        }
        bind(Cublas.class, cublas, "cuBLAS");
        return new Loaded(DRIVER_SONAME, version, nvrtc, SONAMES.getOrDefault(cublas, cublas.getName()));
    }

    private static Integer driverVersion;
    private static UserInputException driverFailure;

    /**
     * Only the driver: binds libcuda.so.1, runs cuInit and checks that a GPU is visible; returns the driver
     * version. Enough to read a device's compute capability (the {@code -Pcuda} guard needs no NVRTC or cuBLAS).
     */
    static synchronized int initDriver() {
        if (driverVersion != null) {
            return driverVersion;
        }
        if (driverFailure != null) {
            throw driverFailure;
        }
        try {
            driverVersion = doInitDriver();
            return driverVersion;
        } catch (UserInputException e) {
            driverFailure = e;
            throw e;
        }
    }

    private static int doInitDriver() {
        NativeLibrary driver = open(List.of(DRIVER_SONAME));
        if (driver == null) {
            throw missing("no NVIDIA driver: " + DRIVER_SONAME + " not found (install the NVIDIA driver, or "
                    + "run the container with --gpus all)");
        }
        bind(CudaDriver.class, driver, "the NVIDIA driver");
        int init = CudaDriver.cuInit(0);
        if (init == CudaDriver.CUDA_ERROR_NO_DEVICE) {
            throw missing("no CUDA GPU visible to the driver (cuInit: " + CudaDriver.errorName(init) + ")");
        }
        if (init != 0) {
            throw missing("the NVIDIA driver failed to start (cuInit: " + CudaDriver.errorName(init) + ")");
        }
        int[] count = new int[1];
        if (CudaDriver.cuDeviceGetCount(count) != 0 || count[0] == 0) {
            throw missing("no CUDA GPU visible to the driver (cuDeviceGetCount = 0)");
        }
        int[] version = new int[1];
        CudaDriver.check(CudaDriver.cuDriverGetVersion(version), "cuDriverGetVersion");
        return version[0];
    }

    /** Registers {@code nvrtc} as NVRTC (only one NVRTC can be bound per JVM: the first one that is chosen). */
    static synchronized void bindNvrtc(NativeLibrary nvrtc) {
        bind(Nvrtc.class, nvrtc, soname(nvrtc));
    }

    static synchronized String soname(NativeLibrary lib) {
        return SONAMES.getOrDefault(lib, lib.getName());
    }

    private static void bind(Class<?> api, NativeLibrary lib, String what) {
        try {
            Native.register(api, lib);
        } catch (UnsatisfiedLinkError | IllegalArgumentException e) {
            throw missing(what + " (" + soname(lib) + ") lacks a function ScaleLab needs: " + firstLine(e));
        }
    }

    static UserInputException missing(String what) {
        return new UserInputException("--backend cuda: " + what);
    }

    private static NativeLibrary open(List<String> sonames) {
        List<NativeLibrary> all = openAll(sonames);
        return all.isEmpty() ? null : all.get(0);
    }

    /** Every soname of the list that loads, in list order (by name first, then from the known folders). */
    private static List<NativeLibrary> openAll(List<String> sonames) {
        List<NativeLibrary> found = new ArrayList<>();
        for (String soname : sonames) {
            NativeLibrary lib = tryLoad(soname);
            if (lib == null) {
                for (Path dir : searchDirs()) {
                    Path file = dir.resolve(soname);
                    if (Files.isReadable(file)) {
                        lib = tryLoad(file.toString());
                        if (lib != null) {
                            break;
                        }
                    }
                }
            }
            if (lib != null) {
                found.add(lib);
                SONAMES.put(lib, soname);
            }
        }
        return found;
    }

    private static NativeLibrary tryLoad(String name) {
        try {
            return NativeLibrary.getInstance(name);
        } catch (UnsatisfiedLinkError e) {
            return null;
        }
    }

    static List<Path> searchDirs() {
        List<Path> dirs = new ArrayList<>();
        for (String env : List.of("SCALELAB_CUDA_LIB_DIR", "CUDA_HOME", "CUDA_PATH")) {
            String v = System.getenv(env);
            if (v != null && !v.isBlank()) {
                dirs.add(Path.of(v));
                dirs.add(Path.of(v, "lib64"));
                dirs.add(Path.of(v, "lib"));
            }
        }
        dirs.add(Path.of("/usr/local/cuda/lib64"));
        dirs.add(Path.of("/usr/local/cuda/targets/x86_64-linux/lib"));
        dirs.add(Path.of("/usr/local/cuda/targets/sbsa-linux/lib"));
        dirs.add(Path.of("/usr/lib/x86_64-linux-gnu"));
        return dirs;
    }

    static String firstLine(Throwable t) {
        String m = String.valueOf(t.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
