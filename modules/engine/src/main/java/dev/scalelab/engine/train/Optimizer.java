package dev.scalelab.engine.train;

import dev.scalelab.core.spec.OptimizerKind;
import dev.scalelab.core.spec.OptimizerSpec;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.compute.Tensor;
import dev.scalelab.engine.model.MlpBatch;
import dev.scalelab.engine.model.ParameterTensors;
import java.util.List;

/**
 * Optimizer state for K models and the update step, with per-model learning rates (0 freezes a model). When the
 * backend keeps parameters, gradients and state in contiguous buffers, a step is one call over all of them with
 * a per-element rate; otherwise one call per tensor with a per-model rate.
 */
final class Optimizer {
    private final ComputeBackend backend;
    private final OptimizerSpec spec;
    private final MlpBatch models;
    private final ParameterTensors first;
    private final ParameterTensors second;
    private final double[] hostRates;
    private final boolean fused;
    private final Tensor learningRates;
    private long step;

    Optimizer(ComputeBackend backend, OptimizerSpec spec, MlpBatch models, ParameterTensors grads, double[] rates) {
        this.backend = backend;
        this.spec = spec;
        this.models = models;
        boolean adam = spec.kind() == OptimizerKind.ADAM;
        boolean momentum = spec.kind() == OptimizerKind.SGD && spec.momentum() != 0;
        this.first = adam || momentum ? ParameterTensors.zeros(backend, models.spec(), models.models()) : null;
        this.second = adam ? ParameterTensors.zeros(backend, models.spec(), models.models()) : null;
        this.hostRates = rates.clone();
        this.fused = models.parameters().all() != null && grads.all() != null
                && (first == null || first.all() != null) && (second == null || second.all() != null);
        this.learningRates = fused ? backend.allocate(1, 1, (int) models.parameters().all().length())
                : backend.allocate(models.models(), 1, 1);
        uploadRates();
    }

    void freeze(int model) {
        if (hostRates[model] != 0) {
            hostRates[model] = 0;
            uploadRates();
        }
    }

    private void uploadRates() {
        if (!fused) {
            backend.upload(hostRates, learningRates);
            return;
        }
        double[] perElement = new double[(int) learningRates.length()];
        int offset = 0;
        for (int[] shape : ParameterTensors.shapes(models.spec(), models.models())) {
            int perModel = shape[1] * shape[2];
            for (int m = 0; m < shape[0]; m++) {
                java.util.Arrays.fill(perElement, offset, offset + perModel, hostRates[m]);
                offset += perModel;
            }
        }
        backend.upload(perElement, learningRates);
    }

    void step(ParameterTensors grads) {
        step++;
        if (fused) {
            update(models.parameters().all(), grads.all(), first == null ? null : first.all(),
                    second == null ? null : second.all());
        } else {
            for (int l = 0; l < models.spec().layerCount(); l++) {
                update(models.weight(l), grads.weights().get(l), piece(first, l, true), piece(second, l, true));
                update(models.bias(l), grads.biases().get(l), piece(first, l, false), piece(second, l, false));
            }
        }
        for (int l = 0; l < models.spec().layerCount(); l++) {
            if (models.mask(l) != null) {
                backend.applyMask(models.weight(l), models.mask(l));
            }
        }
    }

    private static Tensor piece(ParameterTensors state, int layer, boolean weight) {
        if (state == null) {
            return null;
        }
        List<Tensor> list = weight ? state.weights() : state.biases();
        return list.get(layer);
    }

    private void update(Tensor param, Tensor grad, Tensor m, Tensor v) {
        switch (spec.kind()) {
            case ADAM -> backend.adamStep(param, grad, m, v, learningRates, spec.beta1(), spec.beta2(),
                    spec.epsilon(), step);
            case SGD -> backend.sgdStep(param, grad, m, learningRates, spec.momentum());
        }
    }
}
