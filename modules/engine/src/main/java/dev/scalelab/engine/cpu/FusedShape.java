package dev.scalelab.engine.cpu;

import dev.scalelab.core.spec.Activation;
import dev.scalelab.core.spec.LossKind;
import dev.scalelab.core.spec.MlpSpec;

/**
 * What a fused pass is made for: the network, its loss, K models and the batch's rows. The layer sizes are kept
 * as ints ({@link MlpSpec#fanIn} builds a list on every call, and the passes ask for them per layer per model).
 */
record FusedShape(MlpSpec spec, LossKind loss, int models, int rows, int[] sizes) {

    FusedShape(MlpSpec spec, LossKind loss, int models, int rows) {
        this(spec, loss, models, rows, spec.layerSizes().stream().mapToInt(Integer::intValue).toArray());
    }

    int layers() {
        return sizes.length - 1;
    }

    int in(int layer) {
        return sizes[layer];
    }

    int out(int layer) {
        return sizes[layer + 1];
    }

    Activation activation() {
        return spec.activation();
    }
}
