package dev.scalelab.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The row-major to column-major mapping of batched products, checked without a GPU: a reference implementation
 * of cublasGemmStridedBatchedEx's column-major semantics, fed the arguments {@link GemmCall} computes, must give
 * the row-major product the backend promises, for every transpose combination and K > 1.
 */
class GemmCallTest {

    @ParameterizedTest(name = "tA={0} tB={1}")
    @CsvSource({"false, false", "true, false", "false, true", "true, true"})
    void cublasArgumentsGiveTheRowMajorProduct(boolean ta, boolean tb) {
        int k = 3;
        int m = 4;
        int inner = 5;
        int n = 2;
        Random rnd = new Random(7);
        int aRows = ta ? inner : m;
        int aCols = ta ? m : inner;
        int bRows = tb ? n : inner;
        int bCols = tb ? inner : n;
        double[] a = random(rnd, k * aRows * aCols);
        double[] b = random(rnd, k * bRows * bCols);
        double[] expected = new double[k * m * n];
        for (int model = 0; model < k; model++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int p = 0; p < inner; p++) {
                        double av = ta ? a[model * aRows * aCols + p * aCols + i] : a[model * aRows * aCols + i * aCols + p];
                        double bv = tb ? b[model * bRows * bCols + j * bCols + p] : b[model * bRows * bCols + p * bCols + j];
                        s += av * bv;
                    }
                    expected[model * m * n + i * n + j] = s;
                }
            }
        }
        GemmCall g = GemmCall.of(k, aRows, aCols, ta, k, bRows, bCols, tb, k, m, n);
        double[] c = new double[k * m * n];
        // cuBLAS's first operand is B, its second A (see GemmCall).
        columnMajorStridedBatched(g, b, a, c);
        assertArrayEquals(expected, c, 1e-12);
    }

    @ParameterizedTest(name = "A [{0}x{1}] B [{2}x{3}] C [{4}x{5}]")
    @CsvSource({"4, 5, 6, 2, 4, 2", "4, 5, 5, 2, 4, 3", "4, 5, 5, 2, 3, 2"})
    void mismatchedShapesAreRejected(int aRows, int aCols, int bRows, int bCols, int cRows, int cCols) {
        assertThrows(IllegalArgumentException.class,
                () -> GemmCall.of(2, aRows, aCols, false, 2, bRows, bCols, false, 2, cRows, cCols));
    }

    /** C = op(A)·op(B) in cuBLAS's column-major convention, alpha 1, beta 0. */
    private static void columnMajorStridedBatched(GemmCall g, double[] a, double[] b, double[] c) {
        for (int batch = 0; batch < g.batch(); batch++) {
            int offA = (int) (batch * g.strideA());
            int offB = (int) (batch * g.strideB());
            int offC = (int) (batch * g.strideC());
            for (int i = 0; i < g.m(); i++) {
                for (int j = 0; j < g.n(); j++) {
                    double s = 0;
                    for (int p = 0; p < g.k(); p++) {
                        double av = g.transa() == Cublas.CUBLAS_OP_N ? a[offA + i + p * g.lda()] : a[offA + p + i * g.lda()];
                        double bv = g.transb() == Cublas.CUBLAS_OP_N ? b[offB + p + j * g.ldb()] : b[offB + j + p * g.ldb()];
                        s += av * bv;
                    }
                    c[offC + i + j * g.ldc()] = s;
                }
            }
        }
    }

    private static double[] random(Random rnd, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rnd.nextGaussian();
        }
        return v;
    }
}
