package dev.scalelab.engine.cpu;

import dev.scalelab.core.spec.Activation;
import dev.scalelab.core.spec.LossKind;
import dev.scalelab.core.spec.MlpSpec;

/** What a fused pass is made for: the network, its loss, K models and the batch's rows. */
record FusedShape(MlpSpec spec, LossKind loss, int models, int rows) {

    int layers() {
        return spec.layerCount();
    }

    int in(int layer) {
        return spec.fanIn(layer);
    }

    int out(int layer) {
        return spec.fanOut(layer);
    }

    Activation activation() {
        return spec.activation();
    }
}
