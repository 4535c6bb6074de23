package dev.scalelab.engine.train;

import dev.scalelab.core.spec.OptimizerKind;
import dev.scalelab.core.spec.OptimizerSpec;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.compute.DeviceScalars;
import dev.scalelab.engine.compute.StepCapture;
import dev.scalelab.engine.compute.StopState;
import dev.scalelab.engine.compute.Tensor;
import dev.scalelab.engine.model.MlpBatch;
import dev.scalelab.engine.model.ParameterTensors;
import java.util.List;

/**
 * Optimizer state for K models and the update step, with per-model learning rates (0 freezes a model). When the
 * backend keeps parameters, gradients and state in contiguous buffers, a step is one call over all of them with
 * a per-element rate; otherwise one call per tensor with a per-model rate. Masked weights are re-masked after
 * every step, so optimizer state never regrows a pruned weight. Biases can be frozen (bias-free networks keep
 * theirs at 0): their rate is 0. Each layer's weights may have their own multiple of the rate (the NTK
 * parametrisation), and a schedule scales each model's rate ({@link #scaleRates}). The same step also runs as
 * recordable device work ({@link #onDevice}), with Adam's step number kept on the device.
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
    private final double[] weightFactors;
    private final double[] biasFactors;
    /** Per model, the schedule's current multiple of its rate. */
    private final double[] scales;
    /** Fused: one [1, 1, total] tensor. Otherwise per piece (W_0, b_0, W_1, ...) a [K, 1, 1] tensor, shared where equal. */
    private final Tensor learningRates;
    private final Tensor[] pieceRates;

    /** Trains weights and biases of {@code models}, model k with learning rate {@code rates[k]}. */
    public Optimizer(ComputeBackend backend, OptimizerSpec spec, MlpBatch models, double[] rates) {
        this(backend, spec, models, rates, true, null, null);
    }

    /** Like {@link #Optimizer(ComputeBackend, OptimizerSpec, MlpBatch, double[])}; biases stay as they are. */
    public static Optimizer weightsOnly(ComputeBackend backend, OptimizerSpec spec, MlpBatch models, double[] rates) {
        return new Optimizer(backend, spec, models, rates, false, null, null);
    }

    /** Trains weights and biases; layer l's weights at {@code weightFactors[l]} times their model's rate. */
    public static Optimizer withLayerRates(ComputeBackend backend, OptimizerSpec spec, MlpBatch models,
                                           double[] rates, double[] weightFactors) {
        if (weightFactors.length != models.spec().layerCount()) {
            throw new IllegalArgumentException("need one weight-rate factor per layer: " + weightFactors.length
                    + " for " + models.spec().layerCount());
        }
        return new Optimizer(backend, spec, models, rates, true, weightFactors.clone(), null);
    }

    /** Like the above; layer l's biases at {@code biasFactors[l]} times their model's rate (mean field). */
    public static Optimizer withLayerRates(ComputeBackend backend, OptimizerSpec spec, MlpBatch models,
                                           double[] rates, double[] weightFactors, double[] biasFactors) {
        if (weightFactors.length != models.spec().layerCount() || biasFactors.length != models.spec().layerCount()) {
            throw new IllegalArgumentException("need one weight- and one bias-rate factor per layer: "
                    + weightFactors.length + " and " + biasFactors.length + " for " + models.spec().layerCount());
        }
        return new Optimizer(backend, spec, models, rates, true, weightFactors.clone(), biasFactors.clone());
    }

    private Optimizer(ComputeBackend backend, OptimizerSpec spec, MlpBatch models, double[] rates,
                      boolean trainBiases, double[] weightFactors, double[] biasFactors) {
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
        this.scales = new double[rates.length];
        java.util.Arrays.fill(scales, 1.0);
        this.fused = models.parameters().all() != null
                && (first == null || first.all() != null) && (second == null || second.all() != null);
        int layers = models.spec().layerCount();
        if (weightFactors == null) {
            weightFactors = new double[layers];
            java.util.Arrays.fill(weightFactors, 1.0);
        }
        if (biasFactors == null) {
            biasFactors = new double[layers];
            java.util.Arrays.fill(biasFactors, 1.0);
        }
        this.weightFactors = weightFactors;
        this.biasFactors = biasFactors;
        this.learningRates = fused ? backend.allocate(1, 1, (int) models.parameters().all().length())
                : backend.allocate(models.models(), 1, 1);
        this.pieceRates = new Tensor[2 * layers];
        for (int p = 0; p < pieceRates.length; p++) {
            boolean shared = fused || factor(p) == 1.0;
            pieceRates[p] = shared ? learningRates : backend.allocate(models.models(), 1, 1);
        }
        uploadRates();
    }

    /** The rate multiple of piece p (W_0, b_0, W_1, ...). */
    private double factor(int piece) {
        return piece % 2 == 0 ? weightFactors[piece / 2] : biasFactors[piece / 2];
    }

    @Override
    public void scaleRates(double[] factors) {
        if (factors.length != scales.length) {
            throw new IllegalArgumentException("need one rate factor per model: " + factors.length + " for "
                    + scales.length);
        }
        for (double f : factors) {
            if (!(f >= 0) || Double.isInfinite(f)) {
                throw new IllegalArgumentException("rate factor must be finite and ≥ 0, got " + f);
            }
        }
        if (!java.util.Arrays.equals(factors, scales)) {
            System.arraycopy(factors, 0, scales, 0, scales.length);
            uploadRates();
        }
    }

    @Override
    public void freeze(int model) {
        freeze(new int[] {model});
    }

    /** One upload of the rates for all of them (a per-element rate buffer is as long as all parameters). */
    @Override
    public void freeze(int[] models) {
        boolean changed = false;
        for (int model : models) {
            changed |= hostRates[model] != 0;
            hostRates[model] = 0;
        }
        if (changed) {
            uploadRates();
        }
    }

    private void uploadRates() {
        if (!fused) {
            double[] scaled = new double[hostRates.length];
            for (int m = 0; m < scaled.length; m++) {
                scaled[m] = hostRates[m] * scales[m];
            }
            backend.upload(scaled, learningRates);
            for (int p = 0; p < pieceRates.length; p++) {
                if (pieceRates[p] != learningRates) {
                    double[] layer = new double[scaled.length];
                    for (int m = 0; m < layer.length; m++) {
                        layer[m] = scaled[m] * factor(p);
                    }
                    backend.upload(layer, pieceRates[p]);
                }
            }
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
                double rate = bias && !trainBiases ? 0 : hostRates[m] * scales[m] * factor(piece);
                java.util.Arrays.fill(perElement, offset, offset + perModel, rate);
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
            forEachPiece(grads, (param, grad, m, v, rates) -> backend.adamStep(param, grad, m, v, rates,
                    spec.beta1(), spec.beta2(), spec.epsilon(), t));
        }
    }

    /** The same step as device work: SGD needs nothing new; Adam advances a device clock, then reads t from it. */
    @Override
    public DeviceUpdate onDevice(StepCapture device) {
        DeviceScalars clock = spec.kind() == OptimizerKind.SGD ? null : device.adamClock();
        return new DeviceUpdate() {
            @Override
            public void queueStep(ParameterTensors grads) {
                if (clock == null) {
                    forEachPiece(grads, Optimizer.this::sgd);
                    return;
                }
                device.advanceAdamClock(clock, spec.beta1(), spec.beta2());
                forEachPiece(grads, (param, grad, m, v, rates) -> device.adamStep(param, grad, m, v, rates,
                        spec.beta1(), spec.beta2(), spec.epsilon(), clock));
            }

            @Override
            public boolean freezesOnDevice() {
                return true;
            }

            /** Zeroes the stopped models' rates in every rate tensor, as {@link #freeze} does through the host. */
            @Override
            public void queueFreeze(DeviceScalars state, StopState layout) {
                if (fused) {
                    long offset = 0;
                    for (int[] shape : ParameterTensors.shapes(models.spec(), models.models())) {
                        long perModel = (long) shape[1] * shape[2];
                        device.freezeStopped(learningRates, offset, perModel, state, layout);
                        offset += perModel * shape[0];
                    }
                    return;
                }
                device.freezeStopped(learningRates, 0, 1, state, layout);
                for (Tensor rates : pieceRates) {
                    if (rates != learningRates) {
                        device.freezeStopped(rates, 0, 1, state, layout);
                    }
                }
            }
        };
    }

    private void sgd(Tensor param, Tensor grad, Tensor buf, Tensor unused, Tensor rates) {
        backend.sgdStep(param, grad, buf, rates, spec.momentum());
    }

    /**
     * One optimizer step on one parameter tensor with its gradient, state (null where the rule has none) and
     * learning rates.
     */
    @FunctionalInterface
    private interface PieceUpdate {
        void apply(Tensor param, Tensor grad, Tensor m, Tensor v, Tensor rates);
    }

    /** Applies {@code rule} to all parameters at once (fused) or tensor by tensor, then re-applies the masks. */
    private void forEachPiece(ParameterTensors grads, PieceUpdate rule) {
        if (fused) {
            if (grads.all() == null) {
                throw new IllegalArgumentException("gradients must share the parameters' contiguous layout");
            }
            rule.apply(models.parameters().all(), grads.all(), first == null ? null : first.all(),
                    second == null ? null : second.all(), learningRates);
        } else {
            for (int l = 0; l < models.spec().layerCount(); l++) {
                rule.apply(models.weight(l), grads.weights().get(l), piece(first, l, true), piece(second, l, true),
                        pieceRates[2 * l]);
                if (trainBiases) {
                    rule.apply(models.bias(l), grads.biases().get(l), piece(first, l, false),
                            piece(second, l, false), pieceRates[2 * l + 1]);
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
