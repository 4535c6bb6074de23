package dev.scalelab.engine.cpu;

import static dev.scalelab.engine.cpu.CpuFusedPassTest.assertBitEqual;
import static dev.scalelab.engine.cpu.CpuFusedPassTest.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.core.spec.Activation;
import dev.scalelab.core.spec.LossKind;
import dev.scalelab.core.spec.MlpSpec;
import dev.scalelab.engine.compute.Precision;
import dev.scalelab.engine.nd4j.Nd4jBackend;
import dev.scalelab.engine.reference.ReferenceBackend;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The feature-major FP32 pass ({@link NarrowStepF32}) the way {@link CpuFusedPassTest} covers the row-major one:
 * against the FP64 {@link ReferenceBackend} and ND4J's primitives for every activation × loss, on batches with
 * and without a tail (rows 21, 37, 100 are not multiples of 16; 32 is), layers narrower and wider than a vector
 * and deeper models; vector = scalar bit for bit; K batched = one by one bit for bit; every run the same bits;
 * the same forward as the row-major pass; and the rule's choice.
 */
class NarrowPassTest {
    private static final List<MlpSpec> SHAPES = List.of(
            new MlpSpec(10, List.of(13), 1, Activation.RELU),
            new MlpSpec(10, List.of(2), 1, Activation.RELU),
            new MlpSpec(5, List.of(7, 3), 3, Activation.RELU),
            new MlpSpec(8, List.of(24, 17), 1, Activation.RELU));
    private static final int[] ROWS = {21, 32, 100};

    private static MlpSpec withActivation(MlpSpec s, Activation act, LossKind loss) {
        return new MlpSpec(s.inputDim(), s.hiddenWidths(), loss == LossKind.CROSS_ENTROPY ? Math.max(3,
                s.outputDim()) : s.outputDim(), act);
    }

    @Test
    void fp32NarrowEqualsTheReferenceAndNd4jForEveryActivationAndLoss() {
        try (Nd4jBackend nd4j = new Nd4jBackend(Precision.FP32, CpuFusedSetting.OFF)) {
            for (MlpSpec shape : SHAPES) {
                for (Activation act : Activation.values()) {
                    for (LossKind loss : LossKind.values()) {
                        for (int rows : ROWS) {
                            GradientCase c = new GradientCase(withActivation(shape, act, loss), loss, 3, rows, 11);
                            String what = c.spec + " " + loss + " rows " + rows;
                            assertClose(c.primitives(new ReferenceBackend()), c.fused(false, true, true), 1e-5,
                                    what + " vs FP64 reference");
                            assertClose(c.primitives(nd4j), c.fused(false, true, true), 1e-5, what + " vs ND4J");
                        }
                    }
                }
            }
        }
    }

    @Test
    void vectorAndScalarGiveTheSameBits() {
        assertTrue(NarrowStepF32.vectorUsable(), "this machine's 16-lane kernels: " + VectorSupport.describe());
        for (MlpSpec shape : SHAPES) {
            for (Activation act : Activation.values()) {
                for (LossKind loss : LossKind.values()) {
                    for (int rows : ROWS) {
                        GradientCase c = new GradientCase(withActivation(shape, act, loss), loss, 3, rows, 5);
                        assertBitEqual(c.fused(false, false, true), c.fused(false, true, true),
                                c.spec + " " + loss + " rows " + rows);
                    }
                }
            }
        }
    }

    @Test
    void kBatchedEqualsOneByOneAndEveryRunEqualsTheLast() {
        for (MlpSpec shape : SHAPES) {
            for (LossKind loss : LossKind.values()) {
                GradientCase c = new GradientCase(withActivation(shape, Activation.TANH, loss), loss, 9, 37, 3);
                List<double[]> batched = c.fused(false, true, true);
                assertBitEqual(batched, c.fused(false, true, true), "second run");
                for (int m = 0; m < c.models; m++) {
                    List<double[]> one = c.model(m).fused(false, true, true);
                    assertEquals(Double.doubleToLongBits(batched.get(0)[m]), Double.doubleToLongBits(one.get(0)[0]),
                            "loss of model " + m);
                    for (int p = 1; p < one.size(); p++) {
                        int n = one.get(p).length;
                        assertArrayEquals(one.get(p), java.util.Arrays.copyOfRange(batched.get(p), m * n,
                                (m + 1) * n), "piece " + p + " of model " + m);
                    }
                }
            }
        }
    }

    @Test
    void lossIsTheRowMajorPassesBitForBit() {
        // Forward and loss are the same chains in the same order in both layouts: the losses agree exactly.
        for (MlpSpec shape : SHAPES) {
            for (LossKind loss : LossKind.values()) {
                GradientCase c = new GradientCase(withActivation(shape, Activation.SIGMOID, loss), loss, 4, 100, 9);
                assertArrayEquals(c.fused(false, true, false).get(0), c.fused(false, true, true).get(0), 0.0,
                        c.spec + " " + loss);
            }
        }
    }

    @Test
    void aNewBatchInTheSameMemoryIsTransposedAgain() {
        // The pass keeps each model's transposed input across runs; a minibatch written into the same memory
        // must be read anew: the second run equals a fresh pass on the new batch, bit for bit.
        MlpSpec spec = new MlpSpec(10, List.of(13), 1, Activation.RELU);
        GradientCase first = new GradientCase(spec, LossKind.MSE, 3, 37, 1);
        GradientCase second = new GradientCase(spec, LossKind.MSE, 3, 37, 2);
        List<HostMemory> w = new java.util.ArrayList<>();
        List<HostMemory> b = new java.util.ArrayList<>();
        List<HostMemory> gw = new java.util.ArrayList<>();
        List<HostMemory> gb = new java.util.ArrayList<>();
        for (int l = 0; l < spec.layerCount(); l++) {
            w.add(ArrayMemory.of(second.weights.get(l), false));
            b.add(ArrayMemory.of(second.biases.get(l), false));
            gw.add(ArrayMemory.of(new double[second.weights.get(l).length], false));
            gb.add(ArrayMemory.of(new double[second.biases.get(l).length], false));
        }
        ArrayMemory input = ArrayMemory.of(first.input, false);
        ArrayMemory target = ArrayMemory.of(second.target, false);
        CpuFusedPass pass = CpuFusedPass.bind(spec, LossKind.MSE, 3, 37, Precision.FP32,
                new FusedTensors(w, b, input, target, gw, gb), true, true);
        double[] before = pass.run();
        for (int i = 0; i < second.input.length; i++) {
            input.floats[i] = (float) second.input[i];
        }
        double[] after = pass.run();
        List<double[]> fresh = second.fused(false, true, true);
        assertArrayEquals(fresh.get(0), after, 0.0, "losses after the new batch");
        assertFalse(java.util.Arrays.equals(before, after), "the batch changed the losses");
        assertArrayEquals(fresh.get(1), ((ArrayMemory) gw.get(0)).values(), 0.0, "first layer's weight gradient");
    }

    @Test
    void theRuleTakesNarrowModelsFeatureMajor() {
        assertTrue(FusedRule.narrow(MlpSpec.uniform(10, 17, 1, 1, Activation.RELU), 100), "memorize H = 17");
        assertTrue(FusedRule.narrow(MlpSpec.uniform(10, 2, 1, 1, Activation.RELU), 100), "memorize H = 2");
        assertTrue(FusedRule.narrow(MlpSpec.uniform(10, 150, 1, 1, Activation.RELU), 100), "memorize H = 150");
        assertFalse(FusedRule.narrow(MlpSpec.uniform(10, 16, 1, 1, Activation.RELU), 100), "no tail");
        assertFalse(FusedRule.narrow(MlpSpec.uniform(64, 16, 2, 1, Activation.RELU), 100), "P2");
        assertFalse(FusedRule.narrow(MlpSpec.uniform(64, 24, 2, 1, Activation.RELU), 100), "input 64, W = 24");
        assertTrue(FusedRule.narrow(MlpSpec.uniform(64, 8, 2, 1, Activation.RELU), 100), "input 64, W = 8");
        assertFalse(FusedRule.narrow(MlpSpec.uniform(10, 300, 1, 1, Activation.RELU), 100), "3000 weights");
        assertEquals(0f, NarrowStepF32.tree(new float[16]));
    }
}
