package dev.scalelab.core.theory;

import dev.scalelab.core.spec.Activation;
import dev.scalelab.core.spec.MlpSpec;
import java.util.List;

/**
 * A ReLU network written down by hand (not trained): its shape, its weights (per layer row-major
 * [fan_in, fan_out]) and biases, and the proven bound on its sup-norm error against the function it approximates
 * on its domain. {@link #evaluate} computes it in double precision, as the reference for the engine's run.
 */
public record ConstructedNetwork(String name, MlpSpec spec, List<double[]> weights, List<double[]> biases,
                                 double errorBound) {

    public ConstructedNetwork {
        weights = List.copyOf(weights);
        biases = List.copyOf(biases);
        for (int l = 0; l < spec.layerCount(); l++) {
            if (weights.get(l).length != spec.fanIn(l) * spec.fanOut(l) || biases.get(l).length != spec.fanOut(l)) {
                throw new IllegalArgumentException(name + ": layer " + l + " has the wrong shape");
            }
        }
    }

    /** Every weight and bias of the dense MLP, zeros included ({@link MlpSpec#parameterCount()}). */
    public long parameters() {
        return spec.parameterCount();
    }

    /** The weights and biases that are not 0: the size of the construction as a sparse network. */
    public long nonzero() {
        long n = 0;
        for (int l = 0; l < spec.layerCount(); l++) {
            for (double w : weights.get(l)) {
                n += w != 0 ? 1 : 0;
            }
            for (double b : biases.get(l)) {
                n += b != 0 ? 1 : 0;
            }
        }
        return n;
    }

    /** ‖θ‖_∞: the largest |weight| or |bias|. */
    public double thetaMax() {
        double top = 0;
        for (int l = 0; l < spec.layerCount(); l++) {
            for (double w : weights.get(l)) {
                top = Math.max(top, Math.abs(w));
            }
            for (double b : biases.get(l)) {
                top = Math.max(top, Math.abs(b));
            }
        }
        return top;
    }

    public int depth() {
        return spec.hiddenWidths().size();
    }

    /** The network's (first) output at x, in double precision, skipping zero weights. */
    public double evaluate(double... x) {
        if (x.length != spec.inputDim()) {
            throw new IllegalArgumentException(name + " takes " + spec.inputDim() + " inputs, got " + x.length);
        }
        double[] a = x;
        for (int l = 0; l < spec.layerCount(); l++) {
            int out = spec.fanOut(l);
            double[] w = weights.get(l);
            double[] z = biases.get(l).clone();
            for (int i = 0; i < a.length; i++) {
                if (a[i] == 0) {
                    continue;
                }
                for (int j = 0; j < out; j++) {
                    z[j] += a[i] * w[i * out + j];
                }
            }
            if (l + 1 < spec.layerCount()) {
                for (int j = 0; j < out; j++) {
                    z[j] = Math.max(0, z[j]);
                }
            }
            a = z;
        }
        return a[0];
    }

    static MlpSpec relu(int inputs, int width, int depth) {
        return MlpSpec.uniform(inputs, width, depth, 1, Activation.RELU);
    }
}
