package dev.scalelab.pruning.net;

import dev.scalelab.core.spec.Activation;
import dev.scalelab.core.spec.MlpSpec;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.compute.Tensor;
import dev.scalelab.engine.model.MlpBatch;

/**
 * The raw outputs of K engine models on inputs, through the backend's primitives (the engine's Evaluator
 * reports losses only). Hidden layers use the spec's activation; the output layer is linear.
 */
public final class Outputs {
    private Outputs() {
    }

    /** Outputs [K, rows, out] (row-major) for inputs [K, rows, in] (row-major). */
    public static double[] forward(MlpBatch models, double[] inputs, int rows) {
        ComputeBackend backend = models.backend();
        MlpSpec spec = models.spec();
        int k = models.models();
        Tensor a = backend.allocate(k, rows, spec.inputDim());
        backend.upload(inputs, a);
        for (int l = 0; l < spec.layerCount(); l++) {
            Tensor z = backend.allocate(k, rows, spec.fanOut(l));
            backend.batchedMatmul(a, false, models.weight(l), false, z);
            boolean output = l == spec.layerCount() - 1;
            backend.biasActivationForward(z, models.bias(l), output ? Activation.IDENTITY : spec.activation(), z);
            a = z;
        }
        return backend.download(a);
    }
}
