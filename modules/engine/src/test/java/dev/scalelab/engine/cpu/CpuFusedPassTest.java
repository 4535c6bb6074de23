package dev.scalelab.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * The fused CPU pass against the primitives issued one by one: in FP64 against the plain-Java
 * {@link ReferenceBackend} (to 1e-12 of the largest value), in FP32 against ND4J's primitives (to 1e-5: FP32
 * sums in another order), for every activation × loss, on widths with and without a vector tail (24 = 16 + 8 on
 * AVX-512, 37) and a layer narrower than a vector (the output); vector = scalar bit for bit; K batched = one by one
 * bit for bit; the same bits on every run.
 */
class CpuFusedPassTest {
    private static final List<MlpSpec> SHAPES = List.of(
            new MlpSpec(8, List.of(24, 16), 1, Activation.RELU),
            new MlpSpec(5, List.of(37), 3, Activation.RELU),
            new MlpSpec(64, List.of(16, 16), 1, Activation.RELU));

    private static MlpSpec withActivation(MlpSpec s, Activation act, LossKind loss) {
        return new MlpSpec(s.inputDim(), s.hiddenWidths(), loss == LossKind.CROSS_ENTROPY ? Math.max(3,
                s.outputDim()) : s.outputDim(), act);
    }

    @Test
    void fp64FusedEqualsTheReferenceForEveryActivationAndLoss() {
        for (MlpSpec shape : SHAPES) {
            for (Activation act : Activation.values()) {
                for (LossKind loss : LossKind.values()) {
                    GradientCase c = new GradientCase(withActivation(shape, act, loss), loss, 3, 21, 7);
                    assertClose(c.primitives(new ReferenceBackend()), c.fused(true, false), 1e-12,
                            c.spec + " " + loss);
                }
            }
        }
    }

    @Test
    void fp32FusedEqualsNd4jPrimitivesForEveryActivationAndLoss() {
        try (Nd4jBackend nd4j = new Nd4jBackend(Precision.FP32, CpuFusedSetting.OFF)) {
            for (MlpSpec shape : SHAPES) {
                for (Activation act : Activation.values()) {
                    for (LossKind loss : LossKind.values()) {
                        GradientCase c = new GradientCase(withActivation(shape, act, loss), loss, 3, 21, 11);
                        assertClose(c.primitives(nd4j), c.fused(false, true), 1e-5, c.spec + " " + loss);
                        assertClose(c.primitives(new ReferenceBackend()), c.fused(false, true), 1e-5,
                                c.spec + " " + loss + " vs FP64 reference");
                    }
                }
            }
        }
    }

    @Test
    void vectorAndScalarKernelsGiveTheSameBits() {
        assertTrue(VectorSupport.available(), "surefire resolves jdk.incubator.vector: " + VectorSupport.describe());
        for (MlpSpec shape : SHAPES) {
            for (Activation act : Activation.values()) {
                for (LossKind loss : LossKind.values()) {
                    GradientCase c = new GradientCase(withActivation(shape, act, loss), loss, 3, 23, 5);
                    assertBitEqual(c.fused(false, false), c.fused(false, true), c.spec + " " + loss);
                }
            }
        }
    }

    @Test
    void kBatchedEqualsOneByOneAndEveryRunEqualsTheLast() {
        for (MlpSpec shape : SHAPES) {
            GradientCase c = new GradientCase(withActivation(shape, Activation.TANH, LossKind.MSE), LossKind.MSE, 9,
                    17, 3);
            List<double[]> batched = c.fused(false, true);
            assertBitEqual(batched, c.fused(false, true), "second run");
            for (int m = 0; m < c.models; m++) {
                List<double[]> one = c.model(m).fused(false, true);
                assertEquals(Double.doubleToLongBits(batched.get(0)[m]), Double.doubleToLongBits(one.get(0)[0]),
                        "loss of model " + m);
                for (int p = 1; p < one.size(); p++) {
                    int n = one.get(p).length;
                    assertArrayEquals(one.get(p), java.util.Arrays.copyOfRange(batched.get(p), m * n, (m + 1) * n),
                            "piece " + p + " of model " + m);
                }
            }
        }
    }

    /** Every element within {@code tolerance} of the largest magnitude of its piece (losses, each gradient). */
    static void assertClose(List<double[]> want, List<double[]> got, double tolerance, String what) {
        assertEquals(want.size(), got.size());
        for (int p = 0; p < want.size(); p++) {
            double scale = 0;
            for (double v : want.get(p)) {
                if (!Double.isFinite(v)) {
                    throw new AssertionError(what + ": expected piece " + p + " is not finite: "
                            + java.util.Arrays.toString(want.get(p)));
                }
                scale = Math.max(scale, Math.abs(v));
            }
            assertEquals(want.get(p).length, got.get(p).length, what + " piece " + p);
            for (int i = 0; i < want.get(p).length; i++) {
                assertEquals(want.get(p)[i], got.get(p)[i], tolerance * Math.max(scale, 1e-30),
                        what + ": piece " + p + " element " + i);
            }
        }
    }

    static void assertBitEqual(List<double[]> want, List<double[]> got, String what) {
        for (int p = 0; p < want.size(); p++) {
            assertArrayEquals(want.get(p), got.get(p), 0.0, what + ": piece " + p);
        }
    }
}
