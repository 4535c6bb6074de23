package dev.scalelab.engine.train;

import dev.scalelab.core.spec.MlpSpec;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.compute.Tensor;
import dev.scalelab.engine.model.MlpBatch;
import java.util.ArrayList;
import java.util.List;

/** Gradient buffers shaped like the parameters of K models (also used for optimizer state). */
final class Gradients {
    final List<Tensor> weights = new ArrayList<>();
    final List<Tensor> biases = new ArrayList<>();
    /** Everything as one [1, 1, total] tensor laid out like {@link MlpBatch#allParameters()}, or null. */
    final Tensor all;

    Gradients(ComputeBackend backend, MlpSpec spec, int models) {
        List<Tensor> pieces = new ArrayList<>();
        this.all = backend.allocateContiguous(MlpBatch.parameterShapes(spec, models), pieces);
        for (int l = 0; l < spec.layerCount(); l++) {
            weights.add(pieces.get(2 * l));
            biases.add(pieces.get(2 * l + 1));
        }
        for (Tensor t : pieces) {
            backend.zero(t);
        }
    }
}
