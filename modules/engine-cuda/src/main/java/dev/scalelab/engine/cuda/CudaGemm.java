package dev.scalelab.engine.cuda;

import com.sun.jna.Memory;
import dev.scalelab.engine.compute.Precision;
import dev.scalelab.engine.compute.Tensor;

/**
 * A backend's products: its cuBLAS handle on the backend's stream, with an explicit workspace (so GEMMs can be
 * recorded in a CUDA graph) and the math mode of its {@link GemmMode}; one strided-batched GEMM over the K models
 * per product (see {@link GemmCall} for the row-major mapping). In the BF16 mode it multiplies the operands' BF16
 * copies ({@link Bf16Operands}).
 */
final class CudaGemm {
    /** cuBLAS workspace: given explicitly so GEMMs can be captured in a CUDA graph (32 MiB suits Hopper). */
    private static final long WORKSPACE = 32L << 20;

    private final CudaMemory memory;
    private final Precision precision;
    private final GemmMode mode;
    /** The BF16 mode's copies, multiplied instead of the FP32 tensors; null in the other modes. */
    private final Bf16Operands bf16;
    private final long handle;
    private final Memory alpha = new Memory(8);
    private final Memory beta = new Memory(8);

    CudaGemm(CudaContext context, CudaMemory memory, Precision precision, GemmMode mode, Bf16Operands bf16) {
        this.memory = memory;
        this.precision = precision;
        this.mode = mode;
        this.bf16 = bf16;
        long[] out = new long[1];
        Cublas.check(Cublas.cublasCreate_v2(out), "cublasCreate_v2");
        handle = out[0];
        Cublas.check(Cublas.cublasSetStream_v2(handle, context.stream), "cublasSetStream_v2");
        long workspace;
        try {
            workspace = memory.allocate(WORKSPACE, "the cuBLAS workspace");
        } catch (RuntimeException e) {
            Cublas.cublasDestroy_v2(handle);
            throw e;
        }
        Cublas.check(Cublas.cublasSetWorkspace_v2(handle, workspace, WORKSPACE), "cublasSetWorkspace_v2");
        Cublas.check(Cublas.cublasSetMathMode(handle, mode.mathMode), "cublasSetMathMode");
        if (precision == Precision.FP64) {
            alpha.setDouble(0, 1.0);
            beta.setDouble(0, 0.0);
        } else {
            alpha.setFloat(0, 1.0f);
            beta.setFloat(0, 0.0f);
        }
    }

    /**
     * c[k] = op(a[k]) · op(b[k]) for every model k (zeros when the inner dimension is 0); bad shapes throw. In the
     * BF16 mode c's copy is stale afterwards (cuBLAS writes FP32 only).
     */
    void multiply(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor c) {
        GemmCall g = GemmCall.of(a.models(), a.rows(), a.cols(), transposeA, b.models(), b.rows(), b.cols(),
                transposeB, c.models(), c.rows(), c.cols());
        if (c.length() == 0) {
            return;
        }
        if (g.k() == 0) {
            memory.zero(c);
            wrote(c);
            return;
        }
        int type = precision == Precision.FP64 ? Cublas.CUDA_R_64F : Cublas.CUDA_R_32F;
        int compute = precision == Precision.FP64 ? Cublas.CUBLAS_COMPUTE_64F : mode.computeType;
        int operandType = bf16 == null ? type : Cublas.CUDA_R_16BF;
        long aOperand = bf16 == null ? ((CudaTensor) a).pointer : bf16.operand((CudaTensor) a);
        long bOperand = bf16 == null ? ((CudaTensor) b).pointer : bf16.operand((CudaTensor) b);
        Cublas.check(Cublas.cublasGemmStridedBatchedEx(handle, g.transa(), g.transb(), g.m(), g.n(), g.k(), alpha,
                bOperand, operandType, g.lda(), g.strideA(), aOperand, operandType, g.ldb(), g.strideB(), beta,
                ((CudaTensor) c).pointer, type, g.ldc(), g.strideC(), g.batch(), compute, Cublas.CUBLAS_GEMM_DEFAULT),
                "cublasGemmStridedBatchedEx");
        wrote(c);
    }

    private void wrote(Tensor c) {
        if (bf16 != null) {
            bf16.written((CudaTensor) c, false);
        }
    }

    /** cuBLAS's version as major.minor.patch. */
    String version() {
        int[] v = new int[1];
        Cublas.check(Cublas.cublasGetVersion_v2(handle, v), "cublasGetVersion_v2");
        return v[0] / 10000 + "." + v[0] % 10000 / 100 + "." + v[0] % 100;
    }

    /** Destroys the handle (its workspace is freed with the backend's memory). */
    void close() {
        Cublas.cublasDestroy_v2(handle);
    }
}
