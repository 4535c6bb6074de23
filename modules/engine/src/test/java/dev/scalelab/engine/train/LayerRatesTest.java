package dev.scalelab.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.scalelab.core.spec.Activation;
import dev.scalelab.core.spec.MlpSpec;
import dev.scalelab.core.spec.OptimizerKind;
import dev.scalelab.core.spec.OptimizerSpec;
import dev.scalelab.core.spec.Parametrization;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.compute.Precision;
import dev.scalelab.engine.compute.SeparateBuffers;
import dev.scalelab.engine.model.MlpBatch;
import dev.scalelab.engine.model.ParameterTensors;
import dev.scalelab.engine.nd4j.Nd4jBackend;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Per-layer weight rates (the NTK parametrisation) and a schedule's rate factor, on both parameter layouts:
 * an SGD step on W with rate η·f_l·s equals gradient descent on θ = W·√fan_in with rate η·s.
 */
class LayerRatesTest {
    private static final MlpSpec SPEC = new MlpSpec(4, List.of(9), 1, Activation.RELU);

    @Test
    void sgdStepOnWeightsIsTheNtkStepOnThetaScaledByTheSchedule() {
        double lr = 0.7;
        double schedule = 0.25;
        try (Nd4jBackend nd4j = new Nd4jBackend(Precision.FP64)) {
            for (ComputeBackend backend : List.of(nd4j, new SeparateBuffers(nd4j))) {
                List<double[]> w = List.of(ramp(4 * 9, 0.1), ramp(9, -0.2));
                List<double[]> b = List.of(ramp(9, 0.05), new double[] {0.3});
                MlpBatch models = MlpBatch.of(backend, SPEC, 1, w, b);
                ParameterTensors grads = ParameterTensors.zeros(backend, SPEC, 1);
                List<double[]> gw = List.of(ramp(4 * 9, 0.01), ramp(9, 0.02));
                List<double[]> gb = List.of(ramp(9, 0.03), new double[] {0.04});
                for (int l = 0; l < 2; l++) {
                    backend.upload(gw.get(l), grads.weights().get(l));
                    backend.upload(gb.get(l), grads.biases().get(l));
                }
                double[] factors = new double[2];
                for (int l = 0; l < 2; l++) {
                    factors[l] = Parametrization.NTK.weightRateFactor(SPEC, l, OptimizerKind.SGD);
                }
                Optimizer opt = Optimizer.withLayerRates(backend, OptimizerSpec.sgd(0), models,
                        new double[] {lr}, factors);
                opt.scaleRates(new double[] {schedule});
                opt.step(1, grads);
                for (int l = 0; l < 2; l++) {
                    double root = Math.sqrt(SPEC.fanIn(l));
                    double[] expected = new double[w.get(l).length];
                    for (int i = 0; i < expected.length; i++) {
                        double theta = w.get(l)[i] * root;
                        double gradTheta = gw.get(l)[i] / root; // dL/dθ = dL/dW · dW/dθ
                        expected[i] = (theta - lr * schedule * gradTheta) / root;
                    }
                    assertArrayEquals(expected, models.downloadWeights(l), 1e-12, "weights of layer " + l);
                    double[] expectedB = new double[b.get(l).length];
                    for (int i = 0; i < expectedB.length; i++) {
                        expectedB[i] = b.get(l)[i] - lr * schedule * gb.get(l)[i];
                    }
                    assertArrayEquals(expectedB, models.downloadBiases(l), 1e-12, "biases of layer " + l);
                }
            }
        }
    }

    private static double[] ramp(int n, double step) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = step * (i + 1) * (i % 2 == 0 ? 1 : -1);
        }
        return v;
    }
}
