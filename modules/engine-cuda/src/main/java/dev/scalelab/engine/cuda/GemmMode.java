package dev.scalelab.engine.cuda;

/**
 * How cuBLAS multiplies FP32 matrices. Storage stays FP32 in every mode; TF32 and BF16 let tensor cores round
 * the inputs (10-bit and 7-bit mantissas) and accumulate in FP32.
 */
public enum GemmMode {
    /** Full FP32 (CUBLAS_COMPUTE_32F): what parity with the CPU backend is measured in. */
    FP32("cuda", Cublas.CUBLAS_COMPUTE_32F, Cublas.CUBLAS_DEFAULT_MATH),
    /** TF32 tensor cores (CUBLAS_COMPUTE_32F_FAST_TF32, CUBLAS_TF32_TENSOR_OP_MATH); compute capability ≥ 8.0. */
    TF32("cuda-tf32", Cublas.CUBLAS_COMPUTE_32F_FAST_TF32, Cublas.CUBLAS_TF32_TENSOR_OP_MATH),
    /** BF16 tensor cores with FP32 inputs/outputs (CUBLAS_COMPUTE_32F_FAST_16BF); compute capability ≥ 8.0. */
    BF16("cuda-bf16", Cublas.CUBLAS_COMPUTE_32F_FAST_16BF, Cublas.CUBLAS_DEFAULT_MATH);

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
