package dev.scalelab.engine.cpu;

import dev.scalelab.core.spec.LossKind;
import dev.scalelab.core.spec.MlpSpec;
import dev.scalelab.core.util.Rng;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.compute.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * One gradient computation of K models: random weights, biases, inputs and targets (one-hot for cross-entropy)
 * drawn from a seed; computed by the primitives of any backend one by one (forward, loss, backward, as the
 * training loop issues them) or by the fused CPU pass on arrays.
 */
final class GradientCase {
    final MlpSpec spec;
    final LossKind loss;
    final int models;
    final int rows;
    final List<double[]> weights = new ArrayList<>();
    final List<double[]> biases = new ArrayList<>();
    final double[] input;
    final double[] target;

    GradientCase(MlpSpec spec, LossKind loss, int models, int rows, long seed) {
        this.spec = spec;
        this.loss = loss;
        this.models = models;
        this.rows = rows;
        Rng rng = Rng.forPurpose(seed, "gradient-case");
        for (int l = 0; l < spec.layerCount(); l++) {
            double scale = 1.0 / Math.sqrt(spec.fanIn(l));
            weights.add(gaussian(rng, models * spec.fanIn(l) * spec.fanOut(l), scale));
            biases.add(gaussian(rng, models * spec.fanOut(l), 0.3));
        }
        input = gaussian(rng, models * rows * spec.inputDim(), 1);
        int out = spec.outputDim();
        if (loss == LossKind.MSE) {
            target = gaussian(rng, models * rows * out, 1);
        } else {
            target = new double[models * rows * out];
            for (int r = 0; r < models * rows; r++) {
                target[r * out + rng.nextInt(out)] = 1;
            }
        }
    }

    private static double[] gaussian(Rng rng, int n, double scale) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.normal() * scale;
        }
        return v;
    }

    private GradientCase(MlpSpec spec, LossKind loss, int rows, double[] input, double[] target) {
        this.spec = spec;
        this.loss = loss;
        this.models = 1;
        this.rows = rows;
        this.input = input;
        this.target = target;
    }

    /** Model m alone, as a case of K = 1. */
    GradientCase model(int m) {
        int in = rows * spec.inputDim();
        int out = rows * spec.outputDim();
        GradientCase c = new GradientCase(spec, loss, rows, java.util.Arrays.copyOfRange(input, m * in, (m + 1) * in),
                java.util.Arrays.copyOfRange(target, m * out, (m + 1) * out));
        for (int l = 0; l < spec.layerCount(); l++) {
            int w = spec.fanIn(l) * spec.fanOut(l);
            c.weights.add(java.util.Arrays.copyOfRange(weights.get(l), m * w, (m + 1) * w));
            c.biases.add(java.util.Arrays.copyOfRange(biases.get(l), m * spec.fanOut(l), (m + 1) * spec.fanOut(l)));
        }
        return c;
    }

    /** Losses, then per layer the weight and the bias gradients: [losses, gW0, gb0, gW1, ...]. */
    List<double[]> primitives(ComputeBackend b) {
        List<Tensor> zs = new ArrayList<>();
        List<Tensor> as = new ArrayList<>();
        Tensor x = b.allocate(models, rows, spec.inputDim());
        Tensor y = b.allocate(models, rows, spec.outputDim());
        b.upload(input, x);
        b.upload(target, y);
        List<Tensor> ws = new ArrayList<>();
        List<Tensor> bs = new ArrayList<>();
        Tensor a = x;
        int layers = spec.layerCount();
        for (int l = 0; l < layers; l++) {
            Tensor w = b.allocate(models, spec.fanIn(l), spec.fanOut(l));
            Tensor bias = b.allocate(models, 1, spec.fanOut(l));
            b.upload(weights.get(l), w);
            b.upload(biases.get(l), bias);
            ws.add(w);
            bs.add(bias);
            Tensor z = b.allocate(models, rows, spec.fanOut(l));
            b.batchedMatmul(a, false, w, false, z);
            boolean output = l == layers - 1;
            Tensor next = output ? z : b.allocate(models, rows, spec.fanOut(l));
            b.biasActivationForward(z, bias, output ? dev.scalelab.core.spec.Activation.IDENTITY
                    : spec.activation(), next);
            zs.add(z);
            as.add(next);
            a = next;
        }
        Tensor g = b.allocate(models, rows, spec.outputDim());
        double[] losses = b.lossAndGradient(loss, a, y, g);
        double[][] grads = new double[2 * layers][];
        for (int l = layers - 1; l >= 0; l--) {
            Tensor layerInput = l == 0 ? x : as.get(l - 1);
            Tensor gw = b.allocate(models, spec.fanIn(l), spec.fanOut(l));
            Tensor gb = b.allocate(models, 1, spec.fanOut(l));
            b.batchedMatmul(layerInput, true, g, false, gw);
            b.sumRows(g, gb);
            grads[2 * l] = b.download(gw);
            grads[2 * l + 1] = b.download(gb);
            if (l > 0) {
                Tensor prev = b.allocate(models, rows, spec.fanIn(l));
                b.batchedMatmul(g, false, ws.get(l), true, prev);
                b.activationBackward(prev, zs.get(l - 1), as.get(l - 1), spec.activation(), prev);
                g = prev;
            }
        }
        List<double[]> out = new ArrayList<>();
        out.add(losses);
        out.addAll(List.of(grads));
        return out;
    }

    /** The same, by the fused CPU pass on arrays in FP32 ({@code fp64} false, vector or scalar) or FP64. */
    List<double[]> fused(boolean fp64, boolean vector) {
        return fused(fp64, vector, FusedRule.narrow(spec, rows));
    }

    /** The same with the FP32 layout chosen: feature-major ({@code narrow}) or row-major. */
    List<double[]> fused(boolean fp64, boolean vector, boolean narrow) {
        List<HostMemory> w = new ArrayList<>();
        List<HostMemory> bs = new ArrayList<>();
        List<ArrayMemory> gw = new ArrayList<>();
        List<ArrayMemory> gb = new ArrayList<>();
        for (int l = 0; l < spec.layerCount(); l++) {
            w.add(ArrayMemory.of(weights.get(l), fp64));
            bs.add(ArrayMemory.of(biases.get(l), fp64));
            gw.add(ArrayMemory.of(new double[weights.get(l).length], fp64));
            gb.add(ArrayMemory.of(new double[biases.get(l).length], fp64));
        }
        FusedTensors t = new FusedTensors(w, bs, ArrayMemory.of(input, fp64), ArrayMemory.of(target, fp64),
                List.copyOf(gw), List.copyOf(gb));
        double[] losses = CpuFusedPass.bind(spec, loss, models, rows, fp64 ? dev.scalelab.engine.compute.Precision.FP64
                : dev.scalelab.engine.compute.Precision.FP32, t, vector, narrow).run();
        List<double[]> out = new ArrayList<>();
        out.add(losses);
        for (int l = 0; l < spec.layerCount(); l++) {
            out.add(gw.get(l).values());
            out.add(gb.get(l).values());
        }
        return out;
    }
}
