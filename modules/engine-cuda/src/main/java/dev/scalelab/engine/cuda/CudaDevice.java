package dev.scalelab.engine.cuda;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * One GPU of this JVM (by default ordinal 0, or $SCALELAB_CUDA_DEVICE; {@code sweep run --devices} uses several):
 * its primary context and the compiled kernel modules, shared by every {@link CudaBackend} on it (each backend
 * has its own stream and cuBLAS handle). Created once per ordinal, on first use.
 */
final class CudaDevice {
    /** The lowest compute capability we support (Volta); CUDA 13 itself needs 7.5. */
    static final int MIN_CC = 70;

    final int ordinal;
    final int device;
    final String name;
    final int computeCapability;
    final int multiprocessors;
    /** Shared memory a block may use without opting in (48 KiB on every GPU since Kepler). */
    final int sharedMemoryPerBlock;
    final long totalMemory;
    final long context;
    final CudaLibraries.Loaded libraries;
    final KernelCompiler.Target compilerTarget;
    private final Map<String, Long> functions = new HashMap<>();

    private static final Map<Integer, CudaDevice> DEVICES = new HashMap<>();

    private CudaDevice(int ordinal) {
        libraries = CudaLibraries.load();
        this.ordinal = ordinal;
        int[] out = new int[1];
        CudaDriver.check(CudaDriver.cuDeviceGet(out, ordinal), "cuDeviceGet(" + ordinal + ")");
        device = out[0];
        byte[] nameBytes = new byte[256];
        CudaDriver.check(CudaDriver.cuDeviceGetName(nameBytes, nameBytes.length, device), "cuDeviceGetName");
        int len = 0;
        while (len < nameBytes.length && nameBytes[len] != 0) {
            len++;
        }
        name = new String(nameBytes, 0, len, StandardCharsets.UTF_8);
        computeCapability = computeCapability(device);
        if (computeCapability < MIN_CC) {
            throw CudaLibraries.missing(name + " has compute capability " + computeCapability / 10 + "."
                    + computeCapability % 10 + "; ScaleLab's CUDA backend needs 7.0 or newer");
        }
        CudaDriver.check(CudaDriver.cuDeviceGetAttribute(out, CudaDriver.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT,
                device), "cuDeviceGetAttribute");
        multiprocessors = out[0];
        CudaDriver.check(CudaDriver.cuDeviceGetAttribute(out,
                CudaDriver.CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK, device), "cuDeviceGetAttribute");
        sharedMemoryPerBlock = out[0];
        long[] ctx = new long[1];
        CudaDriver.check(CudaDriver.cuDevicePrimaryCtxRetain(ctx, device), "cuDevicePrimaryCtxRetain");
        context = ctx[0];
        CudaDriver.check(CudaDriver.cuCtxSetCurrent(context), "cuCtxSetCurrent");
        long[] free = new long[1];
        long[] total = new long[1];
        CudaDriver.check(CudaDriver.cuMemGetInfo_v2(free, total), "cuMemGetInfo_v2");
        totalMemory = total[0];

        compilerTarget = KernelCompiler.choose(libraries.nvrtcCandidates(), computeCapability);
        CudaLibraries.bindNvrtc(compilerTarget.nvrtc());
        KernelCompiler compiler = new KernelCompiler(compilerTarget, KernelCompiler.defaultCacheDir());
        for (String source : KernelCompiler.SOURCES) {
            long[] module = new long[1];
            CudaDriver.check(CudaDriver.cuModuleLoadData(module, compiler.binary(source)),
                    "cuModuleLoadData(" + source + ")");
            for (String fn : kernelNames(source)) {
                long[] f = new long[1];
                CudaDriver.check(CudaDriver.cuModuleGetFunction(f, module[0], fn), "cuModuleGetFunction(" + fn + ")");
                functions.put(fn, f[0]);
            }
        }
    }

    /** The default device ($SCALELAB_CUDA_DEVICE, else 0), its context made current on the calling thread. */
    static CudaDevice get() {
        String env = System.getenv("SCALELAB_CUDA_DEVICE");
        return get(env == null || env.isBlank() ? 0 : Integer.parseInt(env.trim()));
    }

    /** Device {@code ordinal}, its context made current on the calling thread. */
    static synchronized CudaDevice get(int ordinal) {
        CudaDevice d = DEVICES.get(ordinal);
        if (d == null) {
            d = new CudaDevice(ordinal);
            DEVICES.put(ordinal, d);
        } else {
            d.makeCurrent();
        }
        return d;
    }

    /** How many GPUs the driver shows this process (CUDA_VISIBLE_DEVICES applied); a one-line error for none. */
    static int count() {
        CudaLibraries.initDriver();
        int[] n = new int[1];
        CudaDriver.check(CudaDriver.cuDeviceGetCount(n), "cuDeviceGetCount");
        return n[0];
    }

    /** The extern "C" kernel names a source defines (both precisions; the least-squares kernel is FP64 only). */
    static java.util.List<String> kernelNames(String source) {
        return Kernel.symbols(source);
    }

    long function(String name) {
        Long f = functions.get(name);
        if (f == null) {
            throw new IllegalArgumentException("no kernel " + name);
        }
        return f;
    }

    static int computeCapability(int device) {
        int[] major = new int[1];
        int[] minor = new int[1];
        CudaDriver.check(CudaDriver.cuDeviceGetAttribute(major, CudaDriver.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR,
                device), "cuDeviceGetAttribute");
        CudaDriver.check(CudaDriver.cuDeviceGetAttribute(minor, CudaDriver.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR,
                device), "cuDeviceGetAttribute");
        return major[0] * 10 + minor[0];
    }

    /** Makes the primary context current on the calling thread. */
    void makeCurrent() {
        CudaDriver.check(CudaDriver.cuCtxSetCurrent(context), "cuCtxSetCurrent");
    }

    long freeMemory() {
        makeCurrent();
        long[] free = new long[1];
        long[] total = new long[1];
        CudaDriver.check(CudaDriver.cuMemGetInfo_v2(free, total), "cuMemGetInfo_v2");
        return free[0];
    }

    /** The CUDA driver's version and NVRTC's (the one that compiles our kernels), for provenance. */
    Map<String, String> libraryVersions() {
        return Map.of("cuda_driver", libraries.driverVersion() / 1000 + "." + libraries.driverVersion() % 1000 / 10,
                "nvrtc", compilerTarget.version());
    }

    String describe() {
        int driverMajor = libraries.driverVersion() / 1000;
        int driverMinor = libraries.driverVersion() % 1000 / 10;
        return String.format("%s (sm_%d, %d SMs, %.1f GiB; CUDA driver %d.%d, NVRTC %s -> %s, %s; GPU %d)", name,
                computeCapability, multiprocessors, totalMemory / (double) (1L << 30), driverMajor, driverMinor,
                compilerTarget.version(), compilerTarget.arch(), libraries.cublas(), ordinal);
    }
}
