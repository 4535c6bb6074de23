package dev.scalelab.engine.cuda;

import com.sun.jna.NativeLibrary;
import dev.scalelab.core.task.Dataset;
import dev.scalelab.core.util.Rng;
import dev.scalelab.engine.compute.Precision;
import dev.scalelab.engine.linalg.LeastSquaresBatch;
import dev.scalelab.engine.linalg.LeastSquaresCases;
import dev.scalelab.engine.linalg.LeastSquaresSolutions;
import dev.scalelab.engine.linalg.SvdLeastSquares;
import dev.scalelab.engine.memorization.CertificateCases;
import dev.scalelab.engine.memorization.RandomFeatureCertificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Run by {@link FakeLeastSquaresTest} with the fake CUDA library on LD_LIBRARY_PATH: the FP64 least-squares kernel,
 * through {@code CudaBackend.leastSquares} of an FP32 backend, against one Hipparchus SVD per problem. Random-feature
 * certificates (small shapes, m < N, repeated points; and the memorization shape N = m = 100 among problems larger
 * than their block of 32 threads): rank exact,
 * residual within 1e-9 relative or both at rounding level, ‖a‖ within 1e-6; exactly low-rank products U·V: rank
 * exact, solution within 1e-8. One kernel launch per batch. Exits non-zero on the first failure.
 */
public final class LeastSquaresFakeMain {
    private LeastSquaresFakeMain() {
    }

    public static void main(String[] args) {
        NativeLibrary fake = NativeLibrary.getInstance(CudaLibraries.DRIVER_SONAME);
        int certificates = 0;
        int products = 0;
        int fallbacks = 0;
        try (CudaBackend gpu = new CudaBackend(Precision.FP32, GemmMode.FP32, false)) {
            Rng rng = new Rng(11);
            long seed = 1;
            List<int[]> shapes = new ArrayList<>();
            for (int g = 0; g < 36; g++) {
                int n = 2 + rng.nextInt(24);
                // Every third group repeats points: only `distinct` different inputs.
                int distinct = g % 3 == 0 ? 1 + rng.nextInt(n) : 0;
                shapes.add(new int[] {n, 1 + rng.nextInt(8), 1 + rng.nextInt(28), 6, distinct});
            }
            for (int[] s : shapes) {
                List<Dataset> data = new ArrayList<>();
                long[] seeds = new long[s[3]];
                for (int k = 0; k < seeds.length; k++) {
                    seeds[k] = seed++;
                    data.add(CertificateCases.randomData(rng, s[0], s[1], s[4]));
                }
                long launches = fake.getFunction("fake_cuda_count").invokeLong(new Object[] {"cuLaunchKernel"});
                List<RandomFeatureCertificate.Result> batched = RandomFeatureCertificate.computeAll(gpu, data, s[2],
                        seeds);
                check(fake.getFunction("fake_cuda_count").invokeLong(new Object[] {"cuLaunchKernel"}) == launches + 1,
                        "one launch for the batch of " + seeds.length);
                for (int k = 0; k < seeds.length; k++) {
                    RandomFeatureCertificate.Result svd = RandomFeatureCertificate.compute(data.get(k), s[2], seeds[k]);
                    RandomFeatureCertificate.Result qr = batched.get(k);
                    String what = "N " + s[0] + ", m " + s[2] + ", seed " + seeds[k] + ": svd " + svd + ", gpu " + qr;
                    check(svd.rank() == qr.rank(), "rank: " + what);
                    double rounding = CertificateCases.roundingLevel(data.get(k), s[2], seeds[k],
                            svd.outputWeightNorm());
                    check(CertificateCases.sameResidual(svd.relativeResidual(), qr.relativeResidual(), rounding),
                            "residual: " + what);
                    check(Math.abs(svd.outputWeightNorm() - qr.outputWeightNorm())
                            <= 1e-6 * svd.outputWeightNorm(), "‖a‖: " + what);
                    certificates++;
                }
            }
            System.out.println("ok: " + certificates + " certificates equal the SVD's");
            // Larger than a block: 32 threads stride over rows and columns (the memorization shape N = m = 100).
            int strided = 0;
            for (int[] s : new int[][] {{100, 10, 100}, {100, 10, 60}, {40, 3, 90}}) {
                List<Dataset> data = new ArrayList<>();
                long[] seeds = {seed++, seed++};
                for (long ignored : seeds) {
                    data.add(CertificateCases.randomData(rng, s[0], s[1], s[0] / 2));
                }
                int n = s[0];
                int m = s[2];
                double[] a = new double[2 * n * m];
                double[] b = new double[2 * n];
                for (int k = 0; k < 2; k++) {
                    System.arraycopy(RandomFeatureCertificate.features(data.get(k), m, seeds[k]), 0, a, k * n * m, n * m);
                    for (int r = 0; r < n; r++) {
                        b[k * n + r] = data.get(k).targets()[r];
                    }
                }
                LeastSquaresBatch batch = new LeastSquaresBatch(2, n, m, a, b);
                LeastSquaresSolutions solved = gpu.leastSquares(batch, 32);
                for (int k = 0; k < 2; k++) {
                    SvdLeastSquares.Solution svd = SvdLeastSquares.solve(a, k * n * m, n, m, b, k * n);
                    check(svd.rank() == solved.ranks()[k], n + "×" + m + " in blocks of 32: rank " + svd.rank()
                            + " vs " + solved.ranks()[k]);
                    double diff = LeastSquaresCases.distance(solved.solution(k), svd.x());
                    double norm = LeastSquaresCases.norm(svd.x());
                    check(diff <= 1e-6 * norm, n + "×" + m + " in blocks of 32: solution differs by " + diff + " of "
                            + norm);
                    strided++;
                }
            }
            System.out.println("ok: " + strided + " problems larger than their block (N = m = 100 among them) equal"
                    + " the SVD's");
            for (int g = 0; g < 20; g++) {
                int n = 1 + rng.nextInt(20);
                int m = 1 + rng.nextInt(20);
                int r = rng.nextInt(Math.min(n, m) + 1);
                LeastSquaresBatch batch = LeastSquaresCases.lowRank(rng, 5, n, m, r);
                LeastSquaresSolutions solved = gpu.leastSquares(batch);
                fallbacks += solved.svdFallbacks();
                for (int k = 0; k < 5; k++) {
                    SvdLeastSquares.Solution svd = SvdLeastSquares.solve(batch.matrices(), k * n * m, n, m, batch.rhs(),
                            k * n);
                    check(svd.rank() == r && solved.ranks()[k] == r, n + "×" + m + " of rank " + r + ": svd "
                            + svd.rank() + ", gpu " + solved.ranks()[k]);
                    double diff = LeastSquaresCases.distance(solved.solution(k), svd.x());
                    check(diff <= 1e-8 * LeastSquaresCases.norm(svd.x()) + 1e-300, n + "×" + m + " of rank " + r
                            + ": solution differs by " + diff);
                    products++;
                }
            }
            System.out.println("ok: " + products + " low-rank products equal the SVD's (" + fallbacks
                    + " left to the SVD)");
        }
        System.out.println("least-squares checks passed");
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }
}
