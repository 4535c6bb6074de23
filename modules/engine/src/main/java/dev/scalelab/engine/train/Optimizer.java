package dev.scalelab.engine.train;

import dev.scalelab.core.spec.OptimizerKind;
import dev.scalelab.core.spec.OptimizerSpec;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.compute.Tensor;
import dev.scalelab.engine.model.MlpBatch;

/** Optimizer state for K models and the update step, with per-model learning rates (0 freezes a model). */
final class Optimizer {
    private final ComputeBackend backend;
    private final OptimizerSpec spec;
    private final Gradients first;
    private final Gradients second;
    private final Tensor learningRates;
    private final double[] hostRates;
    private long step;

    Optimizer(ComputeBackend backend, OptimizerSpec spec, MlpBatch models, double[] rates) {
        this.backend = backend;
        this.spec = spec;
        boolean adam = spec.kind() == OptimizerKind.ADAM;
        boolean momentum = spec.kind() == OptimizerKind.SGD && spec.momentum() != 0;
        this.first = adam || momentum ? new Gradients(backend, models.spec(), models.models()) : null;
        this.second = adam ? new Gradients(backend, models.spec(), models.models()) : null;
        this.hostRates = rates.clone();
        this.learningRates = backend.allocate(models.models(), 1, 1);
        backend.upload(hostRates, learningRates);
    }

    void freeze(int model) {
        if (hostRates[model] != 0) {
            hostRates[model] = 0;
            backend.upload(hostRates, learningRates);
        }
    }

    void step(MlpBatch models, Gradients grads) {
        step++;
        for (int l = 0; l < models.spec().layerCount(); l++) {
            update(models.weight(l), grads.weights.get(l), first == null ? null : first.weights.get(l),
                    second == null ? null : second.weights.get(l));
            update(models.bias(l), grads.biases.get(l), first == null ? null : first.biases.get(l),
                    second == null ? null : second.biases.get(l));
            if (models.mask(l) != null) {
                backend.applyMask(models.weight(l), models.mask(l));
            }
        }
    }

    private void update(Tensor param, Tensor grad, Tensor m, Tensor v) {
        switch (spec.kind()) {
            case ADAM -> backend.adamStep(param, grad, m, v, learningRates, spec.beta1(), spec.beta2(),
                    spec.epsilon(), step);
            case SGD -> backend.sgdStep(param, grad, m, learningRates, spec.momentum());
        }
    }
}
