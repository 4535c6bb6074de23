package dev.scalelab.engine.train;

import dev.scalelab.core.spec.MlpSpec;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.model.MlpBatch;
import dev.scalelab.engine.model.ParameterTensors;

/** Forward and backward passes of K models over a workspace, written once against the compute primitives. */
final class ForwardPass {
    private ForwardPass() {
    }

    static void forward(ComputeBackend backend, MlpBatch models, Workspace ws) {
        MlpSpec spec = models.spec();
        for (int l = 0; l < spec.layerCount(); l++) {
            boolean output = l == spec.layerCount() - 1;
            backend.batchedMatmul(ws.layerInput(l), false, models.weight(l), false, ws.preActivations.get(l));
            backend.biasActivationForward(ws.preActivations.get(l), models.bias(l),
                    output ? dev.scalelab.core.spec.Activation.IDENTITY : spec.activation(), ws.activations.get(l));
        }
    }

    /**
     * Given the loss gradient in the output layer's gradient buffer, fills the weight and bias gradients
     * (gradW[l] = a_{l-1}ᵀ·δ_l, gradB[l] = Σ_rows δ_l, δ_{l-1} = (δ_l·W_lᵀ) ⊙ act'(z_{l-1})).
     */
    static void backward(ComputeBackend backend, MlpBatch models, Workspace ws, ParameterTensors grads) {
        MlpSpec spec = models.spec();
        for (int l = spec.layerCount() - 1; l >= 0; l--) {
            backend.batchedMatmul(ws.layerInput(l), true, ws.gradients.get(l), false, grads.weights().get(l));
            backend.sumRows(ws.gradients.get(l), grads.biases().get(l));
            if (l > 0) {
                backend.batchedMatmul(ws.gradients.get(l), false, models.weight(l), true, ws.gradients.get(l - 1));
                backend.activationBackward(ws.gradients.get(l - 1), ws.preActivations.get(l - 1),
                        ws.activations.get(l - 1), spec.activation(), ws.gradients.get(l - 1));
            }
        }
    }
}
