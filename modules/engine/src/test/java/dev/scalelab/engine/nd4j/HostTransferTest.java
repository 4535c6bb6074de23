package dev.scalelab.engine.nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.scalelab.engine.compute.Precision;
import dev.scalelab.engine.compute.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Bulk uploads and downloads land where they should: plain tensors and the pieces of a contiguous buffer. */
class HostTransferTest {

    @ParameterizedTest
    @EnumSource(Precision.class)
    void uploadsRoundTripIntoPlainTensorsAndIntoPiecesOfOneBuffer(Precision precision) {
        try (Nd4jBackend backend = new Nd4jBackend(precision)) {
            Tensor plain = backend.allocate(2, 3, 4);
            double[] values = new double[24];
            for (int i = 0; i < values.length; i++) {
                values[i] = i * 0.5 - 3;
            }
            backend.upload(values, plain);
            assertArrayEquals(values, backend.download(plain), 0.0);
            float[] floats = new float[24];
            for (int i = 0; i < floats.length; i++) {
                floats[i] = 100 - i;
            }
            backend.upload(floats, plain);
            assertArrayEquals(toDouble(floats), backend.download(plain), 0.0);

            List<Tensor> pieces = new ArrayList<>();
            Tensor all = backend.allocateContiguous(List.of(new int[] {2, 2, 3}, new int[] {2, 1, 3},
                    new int[] {1, 1, 5}), pieces);
            backend.zero(all);
            backend.upload(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, pieces.get(0));
            backend.upload(new float[] {-1, -2, -3, -4, -5, -6}, pieces.get(1));
            backend.upload(new double[] {20, 21, 22, 23, 24}, pieces.get(2));
            assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, -1, -2, -3, -4, -5, -6, 20, 21, 22,
                23, 24}, backend.download(all), 0.0);
            assertArrayEquals(new double[] {-1, -2, -3, -4, -5, -6}, backend.download(pieces.get(1)), 0.0);
            assertThrows(IllegalArgumentException.class, () -> backend.upload(new double[5], pieces.get(1)));
        }
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
