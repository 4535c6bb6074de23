package dev.scalelab.engine.cuda;

/**
 * How cuBLAS multiplies FP32 matrices. FP32 and TF32 multiply the FP32 tensors (TF32 lets tensor cores round the
 * inputs to 10-bit mantissas); BF16 multiplies BF16 copies of them ({@link Bf16Operands}: 7-bit mantissas, half
 * the bytes, the tensor cores' BF16 rate). All accumulate and write products in FP32, and everything else (master
 * weights, optimizer state, losses) stays FP32.
 */
public enum GemmMode {
    /** Full FP32 (CUBLAS_COMPUTE_32F): what parity with the CPU backend is measured in. */
    FP32("cuda", Cublas.CUBLAS_COMPUTE_32F, Cublas.CUBLAS_DEFAULT_MATH),
    /** TF32 tensor cores (CUBLAS_COMPUTE_32F_FAST_TF32, CUBLAS_TF32_TENSOR_OP_MATH); compute capability ≥ 8.0. */
    TF32("cuda-tf32", Cublas.CUBLAS_COMPUTE_32F_FAST_TF32, Cublas.CUBLAS_TF32_TENSOR_OP_MATH),
    /** BF16 operands (CUDA_R_16BF copies), FP32 accumulation and output (COMPUTE_32F); compute capability ≥ 8.0. */
    BF16("cuda-bf16", Cublas.CUBLAS_COMPUTE_32F, Cublas.CUBLAS_DEFAULT_MATH);

    final String backendName;
    final int computeType;
    final int mathMode;

    GemmMode(String backendName, int computeType, int mathMode) {
        this.backendName = backendName;
        this.computeType = computeType;
        this.mathMode = mathMode;
    }

    public String backendName() {
        return backendName;
    }
}
