package dev.scalelab.engine.model;

import dev.scalelab.core.spec.InitSpec;
import dev.scalelab.core.spec.MlpSpec;
import dev.scalelab.core.spec.ModelSettings;
import dev.scalelab.core.util.Rng;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.compute.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The parameters of K same-shape MLPs on one backend: per layer l a weight tensor [K, fan_in, fan_out], a bias
 * [K, 1, fan_out] and an optional 0/1 weight mask. Forward: z = a·W + b.
 */
public final class MlpBatch {
    private final ComputeBackend backend;
    private final MlpSpec spec;
    private final int models;
    private final ParameterTensors parameters;
    private final List<Tensor> weights;
    private final List<Tensor> biases;
    private final List<Tensor> masks = new ArrayList<>();

    private MlpBatch(ComputeBackend backend, MlpSpec spec, int models) {
        this.backend = backend;
        this.spec = spec;
        this.models = models;
        this.parameters = ParameterTensors.allocate(backend, spec, models);
        this.weights = parameters.weights();
        this.biases = parameters.biases();
        for (int l = 0; l < spec.layerCount(); l++) {
            masks.add(null);
        }
    }

    /** The weights and biases of every layer, and (where the backend can) all of them as one tensor. */
    public ParameterTensors parameters() {
        return parameters;
    }

    /** K models, model k initialised from its settings' seed and scaled by their init scale. */
    public static MlpBatch initialize(ComputeBackend backend, MlpSpec spec, InitSpec init,
                                      List<ModelSettings> settings) {
        return initialize(backend, spec, init, settings.stream().mapToLong(ModelSettings::seed).toArray(),
                settings.stream().mapToDouble(ModelSettings::initScale).toArray());
    }

    /** Like the above; layer l's draws scaled for {@code fanIns[l]} inputs per unit (under a mask). */
    public static MlpBatch initialize(ComputeBackend backend, MlpSpec spec, InitSpec init,
                                      List<ModelSettings> settings, int[] fanIns) {
        return initialize(backend, spec, init, settings.stream().mapToLong(ModelSettings::seed).toArray(),
                settings.stream().mapToDouble(ModelSettings::initScale).toArray(), fanIns);
    }

    /** K models, model k initialised from {@code seeds[k]} and scaled by {@code scales[k]}. */
    public static MlpBatch initialize(ComputeBackend backend, MlpSpec spec, InitSpec init, long[] seeds,
                                      double[] scales) {
        int[] fanIns = new int[spec.layerCount()];
        for (int l = 0; l < fanIns.length; l++) {
            fanIns[l] = spec.fanIn(l);
        }
        return initialize(backend, spec, init, seeds, scales, fanIns);
    }

    /**
     * Like {@link #initialize(ComputeBackend, MlpSpec, InitSpec, long[], double[])}, layer l's draws scaled for
     * {@code fanIns[l]} inputs per unit (what a unit sees under a connectivity mask, set afterwards).
     */
    public static MlpBatch initialize(ComputeBackend backend, MlpSpec spec, InitSpec init, long[] seeds,
                                      double[] scales, int[] fanIns) {
        MlpBatch batch = new MlpBatch(backend, spec, seeds.length);
        List<double[]> w = new ArrayList<>();
        List<double[]> b = new ArrayList<>();
        for (int l = 0; l < spec.layerCount(); l++) {
            w.add(new double[seeds.length * spec.fanIn(l) * spec.fanOut(l)]);
            b.add(new double[seeds.length * spec.fanOut(l)]);
        }
        for (int k = 0; k < seeds.length; k++) {
            Rng rng = Rng.forPurpose(seeds[k], "init");
            double scale = scales[k] * init.scale();
            for (int l = 0; l < spec.layerCount(); l++) {
                InitialWeights.fill(rng, init.scheme(), spec.fanIn(l), spec.fanOut(l), fanIns[l], scale, w.get(l),
                        b.get(l), k, l == spec.layerCount() - 1);
            }
        }
        for (int l = 0; l < spec.layerCount(); l++) {
            backend.upload(w.get(l), batch.weights.get(l));
            backend.upload(b.get(l), batch.biases.get(l));
        }
        return batch;
    }

    /** K models with the given parameters (per layer, row-major [K, fan_in, fan_out] and [K, 1, fan_out]). */
    public static MlpBatch of(ComputeBackend backend, MlpSpec spec, int models, List<double[]> weights,
                              List<double[]> biases) {
        MlpBatch batch = new MlpBatch(backend, spec, models);
        for (int l = 0; l < spec.layerCount(); l++) {
            backend.upload(weights.get(l), batch.weights.get(l));
            backend.upload(biases.get(l), batch.biases.get(l));
        }
        return batch;
    }

    /**
     * K models with model m's parameters {@code weights.get(m).get(l)} ([fan_in, fan_out], row-major) and
     * {@code biases.get(m).get(l)} ([fan_out]) for every layer l: stacked into the batch's buffers, one upload per
     * tensor.
     */
    public static MlpBatch ofModels(ComputeBackend backend, MlpSpec spec, List<List<double[]>> weights,
                                    List<List<double[]>> biases) {
        int k = weights.size();
        if (biases.size() != k) {
            throw new IllegalArgumentException("need weights and biases for every model: " + k + " and "
                    + biases.size());
        }
        List<double[]> stackedWeights = new ArrayList<>(spec.layerCount());
        List<double[]> stackedBiases = new ArrayList<>(spec.layerCount());
        for (int l = 0; l < spec.layerCount(); l++) {
            int size = spec.fanIn(l) * spec.fanOut(l);
            double[] w = new double[k * size];
            double[] b = new double[k * spec.fanOut(l)];
            for (int m = 0; m < k; m++) {
                put(weights.get(m).get(l), w, m, size, "weights", l);
                put(biases.get(m).get(l), b, m, spec.fanOut(l), "biases", l);
            }
            stackedWeights.add(w);
            stackedBiases.add(b);
        }
        return of(backend, spec, k, stackedWeights, stackedBiases);
    }

    /** Every model's weights: {@code [model][layer]}, each [fan_in, fan_out] row-major; one download per layer. */
    public List<List<double[]>> modelWeights() {
        return perModel(weights, true);
    }

    /** Every model's biases: {@code [model][layer]}, each [fan_out]; one download per layer. */
    public List<List<double[]>> modelBiases() {
        return perModel(biases, false);
    }

    private int weightSize(int layer) {
        return spec.fanIn(layer) * spec.fanOut(layer);
    }

    private static void put(double[] values, double[] into, int model, int size, String what, int layer) {
        if (values.length != size) {
            throw new IllegalArgumentException("model " + model + "'s layer " + layer + " " + what + " need " + size
                    + " values, got " + values.length);
        }
        System.arraycopy(values, 0, into, model * size, size);
    }

    private List<List<double[]>> perModel(List<Tensor> tensors, boolean weightTensors) {
        List<List<double[]>> out = new ArrayList<>(models);
        for (int m = 0; m < models; m++) {
            out.add(new ArrayList<>(spec.layerCount()));
        }
        for (int l = 0; l < spec.layerCount(); l++) {
            double[] all = backend.download(tensors.get(l));
            int size = weightTensors ? weightSize(l) : spec.fanOut(l);
            for (int m = 0; m < models; m++) {
                out.get(m).add(java.util.Arrays.copyOfRange(all, m * size, (m + 1) * size));
            }
        }
        return out;
    }

    public MlpSpec spec() {
        return spec;
    }

    public int models() {
        return models;
    }

    public ComputeBackend backend() {
        return backend;
    }

    public Tensor weight(int layer) {
        return weights.get(layer);
    }

    public Tensor bias(int layer) {
        return biases.get(layer);
    }

    /** The mask of a layer's weights, or null when the layer is dense. */
    public Tensor mask(int layer) {
        return masks.get(layer);
    }

    public double[] downloadWeights(int layer) {
        return backend.download(weights.get(layer));
    }

    public double[] downloadBiases(int layer) {
        return backend.download(biases.get(layer));
    }

    public void uploadWeights(int layer, double[] values) {
        backend.upload(values, weights.get(layer));
        if (masks.get(layer) != null) {
            backend.applyMask(weights.get(layer), masks.get(layer));
        }
    }

    public void uploadBiases(int layer, double[] values) {
        backend.upload(values, biases.get(layer));
    }

    /** Sets a 0/1 mask on a layer's weights (applied at once and after every optimizer step). */
    public void setMask(int layer, double[] mask) {
        for (double m : mask) {
            if (m != 0 && m != 1) {
                throw new IllegalArgumentException("mask values must be 0 or 1, got " + m);
            }
        }
        if (masks.get(layer) == null) {
            masks.set(layer, backend.allocate(models, spec.fanIn(layer), spec.fanOut(layer)));
        }
        backend.upload(mask, masks.get(layer));
        backend.applyMask(weights.get(layer), masks.get(layer));
    }
}
