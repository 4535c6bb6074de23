package dev.scalelab.engine.reference;

import dev.scalelab.engine.compute.ShapedTensor;

/** A [K, rows, cols] tensor of doubles: {@code length()} consecutive elements of {@code data} from {@code offset}. */
final class ReferenceTensor extends ShapedTensor {
    final double[] data;
    final int offset;

    ReferenceTensor(double[] data, int offset, int models, int rows, int cols) {
        super(models, rows, cols);
        this.data = data;
        this.offset = offset;
    }

    double get(int i) {
        return data[offset + i];
    }

    void set(int i, double v) {
        data[offset + i] = v;
    }
}
