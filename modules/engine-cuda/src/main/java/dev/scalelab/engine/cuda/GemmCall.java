package dev.scalelab.engine.cuda;

/**
 * The arguments of one cuBLAS strided-batched GEMM computing, for every model k, the row-major product
 * {@code C[k] = op(A[k]) · op(B[k])}. cuBLAS is column-major, and a row-major r×c matrix read column-major is
 * its c×r transpose; so we ask cuBLAS for {@code Cᵀ = op(B)ᵀ · op(A)ᵀ}: B comes first, with B's transpose flag,
 * then A with A's, and m, n are C's columns and rows. Pure arithmetic, tested without a GPU.
 */
record GemmCall(int transa, int transb, int m, int n, int k, int lda, long strideA, int ldb, long strideB, int ldc,
                long strideC, int batch) {

    static GemmCall of(int aModels, int aRows, int aCols, boolean transposeA, int bModels, int bRows, int bCols,
                       boolean transposeB, int cModels, int cRows, int cCols) {
        int opARows = transposeA ? aCols : aRows;
        int opACols = transposeA ? aRows : aCols;
        int opBRows = transposeB ? bCols : bRows;
        int opBCols = transposeB ? bRows : bCols;
        if (opACols != opBRows || cRows != opARows || cCols != opBCols || aModels != bModels || aModels != cModels) {
            throw new IllegalArgumentException(String.format(
                    "batchedMatmul shapes: op(A) [%d, %d, %d] · op(B) [%d, %d, %d] -> C [%d, %d, %d]", aModels,
                    opARows, opACols, bModels, opBRows, opBCols, cModels, cRows, cCols));
        }
        // cuBLAS's first operand is our B (ld = B's row length), its second our A.
        return new GemmCall(transposeB ? Cublas.CUBLAS_OP_T : Cublas.CUBLAS_OP_N,
                transposeA ? Cublas.CUBLAS_OP_T : Cublas.CUBLAS_OP_N, cCols, cRows, opACols, bCols,
                (long) bRows * bCols, aCols, (long) aRows * aCols, cCols, (long) cRows * cCols, cModels);
    }
}
