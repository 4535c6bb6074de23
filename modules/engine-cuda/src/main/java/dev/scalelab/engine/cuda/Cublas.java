package dev.scalelab.engine.cuda;

import com.sun.jna.Pointer;

/** cuBLAS (libcublas.so.13/12/11), direct-mapped by JNA: a handle per backend and strided-batched GEMM. */
final class Cublas {
    static final int CUBLAS_OP_N = 0;
    static final int CUBLAS_OP_T = 1;
    static final int CUBLAS_DEFAULT_MATH = 0;
    static final int CUBLAS_TF32_TENSOR_OP_MATH = 3;
    static final int CUDA_R_32F = 0;
    static final int CUDA_R_64F = 1;
    static final int CUDA_R_16BF = 14;
    static final int CUBLAS_COMPUTE_32F = 68;
    static final int CUBLAS_COMPUTE_32F_FAST_TF32 = 77;
    static final int CUBLAS_COMPUTE_64F = 70;
    static final int CUBLAS_GEMM_DEFAULT = -1;

    private Cublas() {
    }

    static native int cublasCreate_v2(long[] handle);

    static native int cublasDestroy_v2(long handle);

    static native int cublasGetVersion_v2(long handle, int[] version);

    static native int cublasSetStream_v2(long handle, long stream);

    static native int cublasSetWorkspace_v2(long handle, long workspace, long bytes);

    static native int cublasSetMathMode(long handle, int mode);

    static native int cublasGemmStridedBatchedEx(long handle, int transa, int transb, int m, int n, int k,
                                                 Pointer alpha, long a, int aType, int lda, long strideA, long b,
                                                 int bType, int ldb, long strideB, Pointer beta, long c, int cType,
                                                 int ldc, long strideC, int batchCount, int computeType, int algo);

    static void check(int status, String call) {
        if (status != 0) {
            throw new CudaException(call + " failed: cublasStatus " + status + " (" + statusName(status) + ")",
                    status);
        }
    }

    private static String statusName(int status) {
        return switch (status) {
            case 1 -> "CUBLAS_STATUS_NOT_INITIALIZED";
            case 3 -> "CUBLAS_STATUS_ALLOC_FAILED";
            case 7 -> "CUBLAS_STATUS_INVALID_VALUE";
            case 8 -> "CUBLAS_STATUS_ARCH_MISMATCH";
            case 11 -> "CUBLAS_STATUS_MAPPING_ERROR";
            case 13 -> "CUBLAS_STATUS_EXECUTION_FAILED";
            case 14 -> "CUBLAS_STATUS_INTERNAL_ERROR";
            case 15 -> "CUBLAS_STATUS_NOT_SUPPORTED";
            default -> "see cublasStatus_t";
        };
    }
}
