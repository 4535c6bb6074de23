package dev.scalelab.engine.train;

import dev.scalelab.core.spec.MlpSpec;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.compute.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Buffers for a forward and backward pass of K models on {@code rows} examples: the input and target, and per
 * layer the pre-activation z, the activation a (the output layer's a is its z) and the gradient.
 */
final class Workspace {
    final int rows;
    final Tensor input;
    final Tensor target;
    final List<Tensor> preActivations = new ArrayList<>();
    final List<Tensor> activations = new ArrayList<>();
    final List<Tensor> gradients = new ArrayList<>();

    Workspace(ComputeBackend backend, MlpSpec spec, int models, int rows) {
        this.rows = rows;
        this.input = backend.allocate(models, rows, spec.inputDim());
        this.target = backend.allocate(models, rows, spec.outputDim());
        for (int l = 0; l < spec.layerCount(); l++) {
            Tensor z = backend.allocate(models, rows, spec.fanOut(l));
            boolean output = l == spec.layerCount() - 1;
            preActivations.add(z);
            activations.add(output ? z : backend.allocate(models, rows, spec.fanOut(l)));
            gradients.add(backend.allocate(models, rows, spec.fanOut(l)));
        }
    }

    /** The input of layer l: the data for l = 0, else the previous layer's activation. */
    Tensor layerInput(int layer) {
        return layer == 0 ? input : activations.get(layer - 1);
    }

    Tensor output() {
        return activations.get(activations.size() - 1);
    }

    /** The gradient of the loss with respect to the output layer's output. */
    Tensor outputGradient() {
        return gradients.get(gradients.size() - 1);
    }
}
