package dev.scalelab.pruning.subsetsum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.core.spec.Activation;
import dev.scalelab.core.spec.MlpSpec;
import dev.scalelab.core.util.Rng;
import dev.scalelab.engine.compute.Precision;
import dev.scalelab.engine.model.MlpBatch;
import dev.scalelab.engine.nd4j.Nd4jBackend;
import dev.scalelab.engine.train.Evaluator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A synthetic 2-layer ReLU teacher (d = 8..16, no biases) rebuilt by pruning a Uniform[−1, 1] network of depth
 * 4: every weight within ε, and on sampled inputs (both signs) the engine's output of the pruned random network
 * stays within the bound that ε implies.
 */
class PensiaConstructionTest {

    @ParameterizedTest(name = "d={0} hidden={1}")
    @CsvSource({"8, 12, 3", "16, 10, 2"})
    void teacherIsRealisedWithinEpsilon(int d, int hidden, int out) {
        MlpSpec teacher = new MlpSpec(d, List.of(hidden), out, Activation.RELU);
        Rng rng = new Rng(d * 31L + hidden);
        List<double[]> w = new ArrayList<>();
        for (int l = 0; l < teacher.layerCount(); l++) {
            double bound = 1 / Math.sqrt(teacher.fanIn(l)); // torch.nn.Linear's initial range
            double[] v = new double[teacher.fanIn(l) * teacher.fanOut(l)];
            for (int i = 0; i < v.length; i++) {
                v[i] = rng.uniform(-bound, bound);
            }
            w.add(v);
        }
        double eps = 0.01;
        PensiaConstruction.Result r = PensiaConstruction.build(teacher, w,
                new PensiaConstruction.Spec(21, eps, 7, 2));
        assertEquals(0, r.weightsAboveEpsilon(), "max error " + r.maxError());
        assertEquals(List.of(42 * d, hidden, 42 * hidden), r.random().hiddenWidths());
        assertTrue(r.fractionKept() > 0 && r.fractionKept() < 0.5, "fraction kept " + r.fractionKept());
        assertEquals(r.randomWeights() / (double) teacher.weightCount(), r.overparameterization(), 1e-12);

        List<double[]> pruned = r.prunedWeights();
        long nonzero = pruned.stream().flatMapToDouble(java.util.Arrays::stream).filter(x -> x != 0).count();
        assertEquals(r.keptWeights(), nonzero, "kept weights = nonzero entries of the pruned network");
        checkRealisedWeights(teacher, w, pruned, eps);

        try (Nd4jBackend backend = new Nd4jBackend(Precision.FP64)) {
            List<double[]> biases = new ArrayList<>();
            MlpSpec random = r.random();
            for (int l = 0; l < random.layerCount(); l++) {
                biases.add(new double[random.fanOut(l)]);
            }
            MlpBatch net = MlpBatch.of(backend, random, 1, pruned, biases);
            int rows = 200;
            double[] x = new double[rows * d];
            for (int i = 0; i < x.length; i++) {
                x[i] = rng.normal();
            }
            double[] y = new Evaluator(backend).outputs(net, x, rows);
            for (int s = 0; s < rows; s++) {
                double[] xs = java.util.Arrays.copyOfRange(x, s * d, (s + 1) * d);
                double l1 = 0;
                for (double v : xs) {
                    l1 += Math.abs(v);
                }
                double[] h = layer(xs, w.get(0), hidden, true);
                double[] target = layer(h, w.get(1), out, false);
                double hL1 = 0;
                for (double v : h) {
                    hL1 += v;
                }
                for (int m = 0; m < out; m++) {
                    double colAbs = 0;
                    for (int k = 0; k < hidden; k++) {
                        colAbs += Math.abs(w.get(1)[k * out + m]) + eps;
                    }
                    // |ŷ − y| ≤ (Σ_k |Ŵ2_km|)·ε‖x‖₁ + ε‖h‖₁, with |Ŵ2| ≤ |W2| + ε.
                    double bound = colAbs * eps * l1 + eps * hL1;
                    double err = Math.abs(y[s * out + m] - target[m]);
                    assertTrue(err <= bound + 1e-12, "sample " + s + " output " + m + ": " + err + " > " + bound);
                }
            }
        }
    }

    /** Effective weights read back from the dense pruned matrices: both halves within ε of w and −w. */
    private static void checkRealisedWeights(MlpSpec teacher, List<double[]> w, List<double[]> pruned, double eps) {
        for (int l = 0; l < teacher.layerCount(); l++) {
            int fanIn = teacher.fanIn(l);
            int fanOut = teacher.fanOut(l);
            double[] first = pruned.get(2 * l);
            double[] second = pruned.get(2 * l + 1);
            int hiddenUnits = first.length / fanIn;
            for (int j = 0; j < fanIn; j++) {
                for (int k = 0; k < fanOut; k++) {
                    double a = 0;
                    double b = 0;
                    for (int h = 0; h < hiddenUnits; h++) {
                        double u = first[j * hiddenUnits + h];
                        double v = second[h * fanOut + k];
                        if (u > 0) {
                            a += u * v;
                        } else if (u < 0) {
                            b += -u * v;
                        }
                    }
                    double target = w.get(l)[j * fanOut + k];
                    assertTrue(Math.abs(a - target) <= eps + 1e-12 && Math.abs(b + target) <= eps + 1e-12,
                            "layer " + l + " weight " + j + "," + k);
                }
                for (int h = 0; h < hiddenUnits; h++) {
                    if (h / (hiddenUnits / fanIn) != j) {
                        assertEquals(0.0, first[j * hiddenUnits + h], "block-diagonal first layer");
                    }
                }
            }
        }
    }

    private static double[] layer(double[] x, double[] w, int out, boolean relu) {
        double[] z = new double[out];
        for (int k = 0; k < out; k++) {
            for (int j = 0; j < x.length; j++) {
                z[k] += x[j] * w[j * out + k];
            }
            if (relu) {
                z[k] = Math.max(0, z[k]);
            }
        }
        return z;
    }
}
