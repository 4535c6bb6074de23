package dev.scalelab.pruning.net;

import dev.scalelab.core.spec.Activation;
import dev.scalelab.core.spec.LossKind;
import dev.scalelab.core.spec.MlpSpec;
import dev.scalelab.core.task.Dataset;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.compute.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * K bias-free MLPs (all biases fixed at 0) with forward and backward passes on the engine's compute primitives.
 * The engine's Trainer always trains biases, and neither of this module's two uses fits it: the subset-sum
 * target must have no biases at all, and edge-popup trains scores that choose a mask, not the weights. Both
 * drive this class: they upload the weights the forward pass should use, call {@link #lossAndGradients}, and
 * read the weight gradients.
 */
public final class BiasFreeNet implements AutoCloseable {
    private final ComputeBackend backend;
    private final MlpSpec spec;
    private final int models;
    private final int rows;
    private final List<Tensor> weights = new ArrayList<>();
    private final List<Tensor> zeroBiases = new ArrayList<>();
    private final List<Tensor> gradWeights = new ArrayList<>();
    private final List<Tensor> z = new ArrayList<>();
    private final List<Tensor> a = new ArrayList<>();
    private final List<Tensor> delta = new ArrayList<>();
    private final Tensor input;
    private final Tensor target;

    public BiasFreeNet(ComputeBackend backend, MlpSpec spec, int models, int rows) {
        this.backend = backend;
        this.spec = spec;
        this.models = models;
        this.rows = rows;
        input = backend.allocate(models, rows, spec.inputDim());
        target = backend.allocate(models, rows, spec.outputDim());
        for (int l = 0; l < spec.layerCount(); l++) {
            weights.add(backend.allocate(models, spec.fanIn(l), spec.fanOut(l)));
            gradWeights.add(backend.allocate(models, spec.fanIn(l), spec.fanOut(l)));
            Tensor b = backend.allocate(models, 1, spec.fanOut(l));
            backend.zero(b);
            zeroBiases.add(b);
            Tensor zl = backend.allocate(models, rows, spec.fanOut(l));
            z.add(zl);
            a.add(l == spec.layerCount() - 1 ? zl : backend.allocate(models, rows, spec.fanOut(l)));
            delta.add(backend.allocate(models, rows, spec.fanOut(l)));
        }
    }

    public ComputeBackend backend() {
        return backend;
    }

    public MlpSpec spec() {
        return spec;
    }

    public int models() {
        return models;
    }

    public Tensor weight(int layer) {
        return weights.get(layer);
    }

    public Tensor gradient(int layer) {
        return gradWeights.get(layer);
    }

    public void uploadWeights(int layer, double[] values) {
        backend.upload(values, weights.get(layer));
    }

    /** Uploads every layer's weights (K = 1 or already stacked [K, fan_in, fan_out]); returns this. */
    public BiasFreeNet withWeights(List<double[]> perLayer) {
        for (int l = 0; l < spec.layerCount(); l++) {
            uploadWeights(l, perLayer.get(l));
        }
        return this;
    }

    public double[] downloadWeights(int layer) {
        return backend.download(weights.get(layer));
    }

    /** Forward on inputs [K, rows, in]; returns the output tensor [K, rows, out] (valid until the next call). */
    public Tensor forward(float[] x) {
        backend.upload(x, input);
        Tensor in = input;
        for (int l = 0; l < spec.layerCount(); l++) {
            boolean out = l == spec.layerCount() - 1;
            backend.batchedMatmul(in, false, weights.get(l), false, z.get(l));
            backend.biasActivationForward(z.get(l), zeroBiases.get(l), out ? Activation.IDENTITY : spec.activation(),
                    a.get(l));
            in = a.get(l);
        }
        return a.get(spec.layerCount() - 1);
    }

    /** Forward, loss and backward: fills {@link #gradient} of every layer; returns the K losses. */
    public double[] lossAndGradients(float[] x, float[] y, LossKind loss) {
        forward(x);
        backend.upload(y, target);
        int last = spec.layerCount() - 1;
        double[] losses = backend.lossAndGradient(loss, a.get(last), target, delta.get(last));
        for (int l = last; l >= 0; l--) {
            Tensor in = l == 0 ? input : a.get(l - 1);
            backend.batchedMatmul(in, true, delta.get(l), false, gradWeights.get(l));
            if (l > 0) {
                backend.batchedMatmul(delta.get(l), false, weights.get(l), true, delta.get(l - 1));
                backend.activationBackward(delta.get(l - 1), z.get(l - 1), a.get(l - 1), spec.activation(),
                        delta.get(l - 1));
            }
        }
        return losses;
    }

    /** Test accuracy of the K models on one dataset (the same data for all), in chunks of {@code rows}. */
    public double[] accuracy(Dataset data) {
        int in = spec.inputDim();
        int out = spec.outputDim();
        double[] correct = new double[models];
        float[] x = new float[models * rows * in];
        int n = data.size();
        for (int start = 0; start < n; start += rows) {
            int count = Math.min(rows, n - start);
            for (int m = 0; m < models; m++) {
                System.arraycopy(data.inputs(), start * in, x, m * rows * in, count * in);
                if (count < rows) {
                    java.util.Arrays.fill(x, m * rows * in + count * in, (m + 1) * rows * in, 0f);
                }
            }
            double[] o = backend.download(forward(x));
            for (int m = 0; m < models; m++) {
                for (int r = 0; r < count; r++) {
                    int base = (m * rows + r) * out;
                    int best = 0;
                    for (int c = 1; c < out; c++) {
                        if (o[base + c] > o[base + best]) {
                            best = c;
                        }
                    }
                    if (best == data.labels()[start + r]) {
                        correct[m]++;
                    }
                }
            }
        }
        for (int m = 0; m < models; m++) {
            correct[m] /= n;
        }
        return correct;
    }

    /** Fills a minibatch [K, rows, ·] with the same examples for every model (indices from {@code order}). */
    public void batch(Dataset data, int[] order, int from, float[] x, float[] y) {
        int in = spec.inputDim();
        int out = spec.outputDim();
        for (int r = 0; r < rows; r++) {
            int i = order[(from + r) % order.length];
            for (int m = 0; m < models; m++) {
                System.arraycopy(data.inputs(), i * in, x, (m * rows + r) * in, in);
                System.arraycopy(data.targets(), i * out, y, (m * rows + r) * out, out);
            }
        }
    }

    public int rows() {
        return rows;
    }

    @Override
    public void close() {
        // Tensors belong to the backend; nothing to free separately.
    }
}
