package dev.scalelab.engine.train;

import dev.scalelab.core.spec.OptimizerKind;
import dev.scalelab.core.spec.OptimizerSpec;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.compute.DeviceScalars;
import dev.scalelab.engine.compute.StepCapture;
import dev.scalelab.engine.compute.Tensor;
import dev.scalelab.engine.model.MlpBatch;
import dev.scalelab.engine.model.ParameterTensors;
import java.util.List;

/**
 * Optimizer state for K models and the update step, with per-model learning rates (0 freezes a model). When the
 * backend keeps parameters, gradients and state in contiguous buffers, a step is one call over all of them with
 * a per-element rate; otherwise one call per tensor with a per-model rate. Masked weights are re-masked after
 * every step, so optimizer state never regrows a pruned weight. Biases can be frozen (bias-free networks keep
 * theirs at 0): their rate is 0. The same step also runs as recordable device work ({@link #onDevice}), with
 * Adam's step number kept on the device.
 */
public final class Optimizer implements CapturableUpdate {
    private final ComputeBackend backend;
    private final OptimizerSpec spec;
    private final MlpBatch models;
    private final ParameterTensors first;
    private final ParameterTensors second;
    private final double[] hostRates;
    private final boolean trainBiases;
    private final boolean fused;
    private final Tensor learningRates;

    /** Trains weights and biases of {@code models}, model k with learning rate {@code rates[k]}. */
    public Optimizer(ComputeBackend backend, OptimizerSpec spec, MlpBatch models, double[] rates) {
        this(backend, spec, models, rates, true);
    }

    /** Like {@link #Optimizer(ComputeBackend, OptimizerSpec, MlpBatch, double[])}; biases stay as they are. */
    public static Optimizer weightsOnly(ComputeBackend backend, OptimizerSpec spec, MlpBatch models, double[] rates) {
        return new Optimizer(backend, spec, models, rates, false);
    }

    private Optimizer(ComputeBackend backend, OptimizerSpec spec, MlpBatch models, double[] rates,
                      boolean trainBiases) {
        if (rates.length != models.models()) {
            throw new IllegalArgumentException("need one learning rate per model: " + rates.length + " for "
                    + models.models());
        }
        this.backend = backend;
        this.trainBiases = trainBiases;
        this.spec = spec;
        this.models = models;
        boolean adam = spec.kind() == OptimizerKind.ADAM;
        boolean momentum = spec.kind() == OptimizerKind.SGD && spec.momentum() != 0;
        this.first = adam || momentum ? ParameterTensors.zeros(backend, models.spec(), models.models()) : null;
        this.second = adam ? ParameterTensors.zeros(backend, models.spec(), models.models()) : null;
        this.hostRates = rates.clone();
        this.fused = models.parameters().all() != null
                && (first == null || first.all() != null) && (second == null || second.all() != null);
        this.learningRates = fused ? backend.allocate(1, 1, (int) models.parameters().all().length())
                : backend.allocate(models.models(), 1, 1);
        uploadRates();
    }

    @Override
    public void freeze(int model) {
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
        List<int[]> shapes = ParameterTensors.shapes(models.spec(), models.models());
        for (int piece = 0; piece < shapes.size(); piece++) {
            int[] shape = shapes.get(piece);
            boolean bias = piece % 2 == 1;
            int perModel = shape[1] * shape[2];
            for (int m = 0; m < shape[0]; m++) {
                java.util.Arrays.fill(perElement, offset, offset + perModel, bias && !trainBiases ? 0 : hostRates[m]);
                offset += perModel;
            }
        }
        backend.upload(perElement, learningRates);
    }

    @Override
    public void step(long t, ParameterTensors grads) {
        if (spec.kind() == OptimizerKind.SGD) {
            forEachPiece(grads, this::sgd);
        } else {
            forEachPiece(grads, (param, grad, m, v) -> backend.adamStep(param, grad, m, v, learningRates,
                    spec.beta1(), spec.beta2(), spec.epsilon(), t));
        }
    }

    /** The same step as device work: SGD needs nothing new; Adam advances a device clock, then reads t from it. */
    @Override
    public DeviceUpdate onDevice(StepCapture device) {
        if (spec.kind() == OptimizerKind.SGD) {
            return grads -> forEachPiece(grads, this::sgd);
        }
        DeviceScalars clock = device.adamClock();
        return grads -> {
            device.advanceAdamClock(clock, spec.beta1(), spec.beta2());
            forEachPiece(grads, (param, grad, m, v) -> device.adamStep(param, grad, m, v, learningRates,
                    spec.beta1(), spec.beta2(), spec.epsilon(), clock));
        };
    }

    private void sgd(Tensor param, Tensor grad, Tensor buf, Tensor unused) {
        backend.sgdStep(param, grad, buf, learningRates, spec.momentum());
    }

    /** One optimizer step on one parameter tensor with its gradient and state (null where the rule has none). */
    @FunctionalInterface
    private interface PieceUpdate {
        void apply(Tensor param, Tensor grad, Tensor m, Tensor v);
    }

    /** Applies {@code rule} to all parameters at once (fused) or tensor by tensor, then re-applies the masks. */
    private void forEachPiece(ParameterTensors grads, PieceUpdate rule) {
        if (fused) {
            if (grads.all() == null) {
                throw new IllegalArgumentException("gradients must share the parameters' contiguous layout");
            }
            rule.apply(models.parameters().all(), grads.all(), first == null ? null : first.all(),
                    second == null ? null : second.all());
        } else {
            for (int l = 0; l < models.spec().layerCount(); l++) {
                rule.apply(models.weight(l), grads.weights().get(l), piece(first, l, true), piece(second, l, true));
                if (trainBiases) {
                    rule.apply(models.bias(l), grads.biases().get(l), piece(first, l, false),
                            piece(second, l, false));
                }
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
}
