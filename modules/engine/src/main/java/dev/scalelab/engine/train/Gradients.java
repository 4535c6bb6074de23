package dev.scalelab.engine.train;

import dev.scalelab.core.spec.MlpSpec;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.compute.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Gradient buffers shaped like the parameters of K models (also used for optimizer state). */
final class Gradients {
    final List<Tensor> weights = new ArrayList<>();
    final List<Tensor> biases = new ArrayList<>();

    Gradients(ComputeBackend backend, MlpSpec spec, int models) {
        for (int l = 0; l < spec.layerCount(); l++) {
            weights.add(backend.allocate(models, spec.fanIn(l), spec.fanOut(l)));
            biases.add(backend.allocate(models, 1, spec.fanOut(l)));
            backend.zero(weights.get(l));
            backend.zero(biases.get(l));
        }
    }
}
