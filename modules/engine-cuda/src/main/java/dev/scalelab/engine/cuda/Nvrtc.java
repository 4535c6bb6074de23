package dev.scalelab.engine.cuda;

import com.sun.jna.Pointer;

/** NVRTC, the runtime CUDA C++ compiler (libnvrtc.so.13/12/11), direct-mapped by JNA. */
final class Nvrtc {
    private Nvrtc() {
    }

    static native int nvrtcVersion(int[] major, int[] minor);

    static native int nvrtcGetNumSupportedArchs(int[] count);

    static native int nvrtcGetSupportedArchs(int[] archs);

    static native Pointer nvrtcGetErrorString(int result);

    static String errorString(int result) {
        try {
            Pointer p = nvrtcGetErrorString(result);
            return p == null ? "nvrtcResult " + result : p.getString(0);
        } catch (UnsatisfiedLinkError e) {
            return "nvrtcResult " + result;
        }
    }

    static native int nvrtcCreateProgram(long[] program, String source, String name, int headers, Pointer sources,
                                         Pointer includeNames);

    static native int nvrtcCompileProgram(long program, int options, Pointer optionStrings);

    static native int nvrtcGetProgramLogSize(long program, long[] size);

    static native int nvrtcGetProgramLog(long program, byte[] log);

    static native int nvrtcGetCUBINSize(long program, long[] size);

    static native int nvrtcGetCUBIN(long program, byte[] cubin);

    static native int nvrtcGetPTXSize(long program, long[] size);

    static native int nvrtcGetPTX(long program, byte[] ptx);

    static native int nvrtcDestroyProgram(long[] program);

    static void check(int result, String call) {
        if (result != 0) {
            throw new CudaException(call + " failed: " + errorString(result), result);
        }
    }
}
