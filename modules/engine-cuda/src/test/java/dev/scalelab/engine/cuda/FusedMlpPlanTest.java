package dev.scalelab.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.core.spec.Activation;
import dev.scalelab.core.spec.MlpSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which shapes the fused kernel takes, and how it cuts a batch into slices and chunks. */
class FusedMlpPlanTest {
    private static final int SHARED = 48 * 1024;
    private static final int H200_SMS = 132;

    @Test
    void hiddenWidthsUpTo128AreFused() {
        for (int w : new int[] {1, 7, 32, 100, 128}) {
            assertTrue(FusedMlpPlan.of(MlpSpec.uniform(64, w, 4, 1, Activation.RELU), 256, 512, 4, SHARED, H200_SMS)
                    .isPresent(), "width " + w);
        }
        assertTrue(FusedMlpPlan.of(MlpSpec.uniform(64, 129, 4, 1, Activation.RELU), 256, 512, 4, SHARED, H200_SMS)
                .isEmpty());
        assertTrue(FusedMlpPlan.of(new MlpSpec(8, List.of(16, 200, 16), 1, Activation.TANH), 4, 64, 4, SHARED,
                H200_SMS).isEmpty(), "one wide layer is enough to refuse");
    }

    @Test
    void aShapeWhoseRowDoesNotFitInSharedMemoryIsNotFused() {
        // A row is 784 + 10 + 4 x 2 x 128 + 2 x 128 = 2074 values: 8.1 KiB in floats, 16.2 KiB in doubles; of
        // 16 KiB, the loss sums and the bias sums leave 9.9 KiB.
        MlpSpec spec = MlpSpec.uniform(784, 128, 4, 10, Activation.RELU);
        assertTrue(FusedMlpPlan.of(spec, 8, 100, 4, 16 * 1024, H200_SMS).isPresent());
        assertTrue(FusedMlpPlan.of(spec, 8, 100, 8, 16 * 1024, H200_SMS).isEmpty());
    }

    @Test
    void sharedMemoryHoldsTheChunkAndTheBiasSums() {
        MlpSpec spec = MlpSpec.uniform(64, 32, 4, 1, Activation.RELU);
        FusedMlpPlan p = FusedMlpPlan.of(spec, 256, 512, 4, SHARED, H200_SMS).orElseThrow();
        long perRow = 64 + 1 + 4 * 2 * 32 + 2 * 32;
        long biasBytes = 8L * (4 * 32 + 1);
        assertEquals(biasBytes + p.chunkRows() * perRow * 4, p.sharedBytes());
        assertTrue(p.sharedBytes() + FusedMlpPlan.STATIC_SHARED_BYTES <= SHARED);
        assertTrue(p.sharedBytes() + FusedMlpPlan.STATIC_SHARED_BYTES + perRow * 4 > SHARED, "as many rows as fit");
        assertEquals(64 * 32 + 32 + 3 * (32 * 32 + 32) + 32 + 1, p.paramsPerModel());
        assertEquals(64, p.threads());
        assertEquals(256, FusedMlpPlan.of(MlpSpec.uniform(64, 128, 4, 1, Activation.RELU), 1, 512, 4, SHARED,
                H200_SMS).orElseThrow().threads());
    }

    /** Slices cover the batch exactly, none empty, each at least a chunk; few models get more slices. */
    @Test
    void slicesCoverTheBatch() {
        for (int models : new int[] {1, 3, 64, 131, 256, 1000}) {
            for (int rows : new int[] {1, 7, 100, 512, 1001}) {
                FusedMlpPlan p = FusedMlpPlan.of(MlpSpec.uniform(10, 32, 2, 1, Activation.TANH), models, rows, 4,
                        SHARED, H200_SMS).orElseThrow();
                String what = models + " models, " + rows + " rows: " + p;
                assertTrue(p.slices() >= 1 && (long) p.slices() * p.sliceRows() >= rows, what);
                assertTrue((long) (p.slices() - 1) * p.sliceRows() < rows, what + ": no empty slice");
                assertTrue(p.chunkRows() >= 1 && p.chunkRows() <= rows, what);
                assertTrue(p.slices() == 1 || p.sliceRows() >= p.chunkRows(), what);
                assertEquals(p.slices() == 1 ? 0 : (long) models * p.slices() * p.paramsPerModel(),
                        p.partialElements(models), what);
            }
        }
        assertEquals(1, FusedMlpPlan.of(MlpSpec.uniform(64, 32, 4, 1, Activation.RELU), 256, 512, 4, SHARED,
                H200_SMS).orElseThrow().slices(), "256 models fill 132 SMs");
        assertTrue(FusedMlpPlan.of(MlpSpec.uniform(64, 32, 4, 1, Activation.RELU), 1, 512, 4, SHARED, H200_SMS)
                .orElseThrow().slices() > 8, "one model is cut into many slices");
    }
}
