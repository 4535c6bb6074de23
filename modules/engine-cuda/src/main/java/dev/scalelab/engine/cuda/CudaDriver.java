package dev.scalelab.engine.cuda;

import com.sun.jna.Pointer;

/**
 * The CUDA driver API (libcuda.so.1), direct-mapped by JNA ({@link CudaLibraries} registers it). Handles are
 * passed as {@code long} (64-bit pointers); out-parameters are one-element arrays. Names are the exported
 * symbols: CUDA 13 removed the unversioned allocation and copy entry points, so we bind the {@code _v2} ones,
 * and we use the primary context ({@code cuCtxCreate} v2/v3 are gone too). Every function returns a CUresult
 * (0 = success).
 */
final class CudaDriver {
    static final int CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT = 16;
    static final int CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK = 8;
    static final int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75;
    static final int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76;
    static final int CU_STREAM_CAPTURE_MODE_THREAD_LOCAL = 1;
    static final int CUDA_ERROR_OUT_OF_MEMORY = 2;
    static final int CUDA_ERROR_NO_DEVICE = 100;

    private CudaDriver() {
    }

    static native int cuInit(int flags);

    static native int cuDriverGetVersion(int[] version);

    /** {@code name[0]} receives a {@code const char*} (direct mapping has no Pointer arrays). */
    static native int cuGetErrorName(int error, long[] name);

    static native int cuDeviceGetCount(int[] count);

    static native int cuDeviceGet(int[] device, int ordinal);

    static native int cuDeviceGetAttribute(int[] value, int attribute, int device);

    static native int cuDeviceGetName(byte[] name, int length, int device);

    static native int cuDevicePrimaryCtxRetain(long[] context, int device);

    static native int cuCtxSetCurrent(long context);

    static native int cuMemGetInfo_v2(long[] free, long[] total);

    static native int cuMemAlloc_v2(long[] pointer, long bytes);

    static native int cuMemFree_v2(long pointer);

    static native int cuMemcpyHtoDAsync_v2(long dst, Pointer src, long bytes, long stream);

    static native int cuMemcpyDtoHAsync_v2(Pointer dst, long src, long bytes, long stream);

    static native int cuMemcpyDtoDAsync_v2(long dst, long src, long bytes, long stream);

    static native int cuMemcpyHtoD_v2(long dst, Pointer src, long bytes);

    static native int cuMemcpyDtoH_v2(Pointer dst, long src, long bytes);

    static native int cuMemsetD32Async(long dst, int value, long count, long stream);

    static native int cuModuleLoadData(long[] module, byte[] image);

    static native int cuModuleGetFunction(long[] function, long module, String name);

    static native int cuLaunchKernel(long function, int gridX, int gridY, int gridZ, int blockX, int blockY,
                                     int blockZ, int sharedBytes, long stream, Pointer params, Pointer extra);

    static native int cuStreamCreate(long[] stream, int flags);

    static native int cuStreamSynchronize(long stream);

    static native int cuStreamDestroy_v2(long stream);

    static native int cuStreamBeginCapture_v2(long stream, int mode);

    static native int cuStreamEndCapture(long stream, long[] graph);

    static native int cuGraphInstantiateWithFlags(long[] graphExec, long graph, long flags);

    static native int cuGraphLaunch(long graphExec, long stream);

    static native int cuGraphExecDestroy(long graphExec);

    static native int cuGraphDestroy(long graph);

    /** "CUDA_ERROR_OUT_OF_MEMORY (2)" for a result code, or just the number if the driver cannot name it. */
    static String errorName(int result) {
        try {
            long[] name = new long[1];
            if (cuGetErrorName(result, name) == 0 && name[0] != 0) {
                return new Pointer(name[0]).getString(0) + " (" + result + ")";
            }
        } catch (UnsatisfiedLinkError e) {
            // not registered
        }
        return "CUresult " + result;
    }

    /** Throws {@link CudaException} naming the call when {@code result} is not CUDA_SUCCESS. */
    static void check(int result, String call) {
        if (result != 0) {
            throw new CudaException(call + " failed: " + errorName(result), result);
        }
    }
}
