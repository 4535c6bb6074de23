package dev.scalelab.core.theory;

import dev.scalelab.core.UserInputException;
import dev.scalelab.core.spec.Activation;
import dev.scalelab.core.spec.MlpSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Telgarsky's construction: a width-2 ReLU network with k hidden layers that computes the k-fold tent map Δ^k on
 * [0, 1] exactly, 2^k linear pieces from 6k + 1 parameters. Hidden unit pair (relu(y), relu(y − ½)) turns y
 * into Δ(y) = 2 relu(y) − 4 relu(y − ½) for y in [0, 1]: first layer W = [1, 1], b = [0, −½]; later layers
 * W = [[2, 2], [−4, −4]], b = [0, −½]; output weights [2, −4], bias 0. Weights row-major [fan_in, fan_out].
 */
public final class SawtoothNetwork {
    private SawtoothNetwork() {
    }

    public static MlpSpec spec(int k) {
        UserInputException.require(k >= 1, "the sawtooth needs k ≥ 1 hidden layers, got " + k);
        return MlpSpec.uniform(1, 2, k, 1, Activation.RELU);
    }

    public static List<double[]> weights(int k) {
        List<double[]> w = new ArrayList<>();
        w.add(new double[] {1, 1});
        for (int l = 1; l < k; l++) {
            w.add(new double[] {2, 2, -4, -4});
        }
        w.add(new double[] {2, -4});
        return w;
    }

    public static List<double[]> biases(int k) {
        List<double[]> b = new ArrayList<>();
        for (int l = 0; l < k; l++) {
            b.add(new double[] {0, -0.5});
        }
        b.add(new double[] {0});
        return b;
    }
}
