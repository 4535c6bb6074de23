package dev.scalelab.engine.memorization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.core.task.Dataset;
import dev.scalelab.core.util.Rng;
import dev.scalelab.engine.reference.ReferenceBackend;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The batched certificates (pivoted QR on all cores, the backend's default) against today's definition, one
 * Hipparchus SVD per certificate, on 1,000+ random instances: the memorization shape (N = 100, d = 10, m around
 * N), small ones of every shape, m < N, and data with repeated points (same or conflicting labels), which make Φ
 * rank-deficient. Rank exact; residual within 1e-9 relative or both zero up to rounding (see {@link
 * CertificateCases#sameResidual}); ‖a‖ within 1e-6 relative.
 */
class BatchedCertificateTest {

    /** Random instance groups (one shape per group, as one width of the phase diagram). */
    static List<Group> groups() {
        List<Group> groups = new ArrayList<>();
        Rng rng = new Rng(2026);
        long seed = 1;
        for (int m : new int[] {60, 99, 100, 101, 150}) {
            groups.add(Group.random(rng, 100, 10, m, 8, 0, seed));
            seed += 8;
        }
        for (int g = 0; g < 120; g++) {
            int n = 2 + rng.nextInt(30);
            int d = 1 + rng.nextInt(12);
            int m = 1 + rng.nextInt(45);
            // A third of the groups repeat points: only `distinct` different inputs among the n.
            int distinct = g % 3 == 0 ? 1 + rng.nextInt(n) : 0;
            groups.add(Group.random(rng, n, d, m, 8, distinct, seed));
            seed += 8;
        }
        return groups;
    }

    record Group(int features, List<Dataset> data, long[] seeds) {
        static Group random(Rng rng, int n, int d, int m, int k, int distinct, long firstSeed) {
            List<Dataset> data = new ArrayList<>();
            long[] seeds = new long[k];
            for (int s = 0; s < k; s++) {
                seeds[s] = firstSeed + s;
                data.add(CertificateCases.randomData(rng, n, d, distinct));
            }
            return new Group(m, data, seeds);
        }
    }

    @Test
    void batchedCertificatesEqualTheSvdOnThousandRandomInstances() {
        int instances = 0;
        int deficient = 0;
        int underdetermined = 0;
        double worstNorm = 0;
        int atRounding = 0;
        try (ReferenceBackend backend = new ReferenceBackend()) {
            for (Group g : groups()) {
                List<RandomFeatureCertificate.Result> batched = RandomFeatureCertificate.computeAll(backend, g.data(),
                        g.features(), g.seeds());
                for (int k = 0; k < g.seeds().length; k++) {
                    Dataset data = g.data().get(k);
                    RandomFeatureCertificate.Result svd = RandomFeatureCertificate.compute(data, g.features(),
                            g.seeds()[k]);
                    RandomFeatureCertificate.Result qr = batched.get(k);
                    String what = "N " + data.size() + ", d " + data.inputDim() + ", m " + g.features() + ", seed "
                            + g.seeds()[k] + ": svd " + svd + ", batched " + qr;
                    assertEquals(svd.rank(), qr.rank(), what);
                    double rounding = CertificateCases.roundingLevel(data, g.features(), g.seeds()[k],
                            svd.outputWeightNorm());
                    assertTrue(CertificateCases.sameResidual(svd.relativeResidual(), qr.relativeResidual(), rounding),
                            what);
                    atRounding += Math.max(svd.relativeResidual(), qr.relativeResidual()) > 1e-12
                            && Math.abs(svd.relativeResidual() - qr.relativeResidual())
                            > 1e-9 * svd.relativeResidual() ? 1 : 0;
                    double normError = svd.outputWeightNorm() == qr.outputWeightNorm() ? 0
                            : Math.abs(svd.outputWeightNorm() - qr.outputWeightNorm()) / svd.outputWeightNorm();
                    assertTrue(normError <= 1e-6, what);
                    worstNorm = Math.max(worstNorm, normError);
                    instances++;
                    deficient += svd.rank() < Math.min(data.size(), g.features()) ? 1 : 0;
                    underdetermined += g.features() < data.size() ? 1 : 0;
                }
            }
        }
        System.out.printf("batched certificates: %d instances (%d rank-deficient, %d with m < N) equal the SVD; "
                + "%d residuals both at rounding level above 1e-12; worst ‖a‖ relative difference %.1e%n", instances,
                deficient, underdetermined, atRounding, worstNorm);
        assertTrue(instances >= 1000, instances + " instances");
        assertTrue(deficient >= 100 && underdetermined >= 100, deficient + " deficient, " + underdetermined + " m < N");
    }
}
