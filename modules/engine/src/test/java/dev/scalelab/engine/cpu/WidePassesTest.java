package dev.scalelab.engine.cpu;

import static dev.scalelab.engine.cpu.CpuFusedPassTest.assertBitEqual;
import static dev.scalelab.engine.cpu.CpuFusedPassTest.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.scalelab.core.spec.Activation;
import dev.scalelab.core.spec.LossKind;
import dev.scalelab.core.spec.MlpSpec;
import dev.scalelab.core.util.Rng;
import dev.scalelab.engine.compute.Precision;
import dev.scalelab.engine.nd4j.Nd4jBackend;
import dev.scalelab.engine.reference.ReferenceBackend;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The GEMM path's elementwise passes ({@link WidePasses}: bias + activation, its derivative, the bias gradient, the
 * MSE), which {@code Nd4jBackend} runs unless {@code $SCALELAB_CPU_FUSED=0}: a whole gradient computation by the
 * primitives, on shapes wider than a column block, with vector tails, over several row slices, in FP64 against the
 * plain-Java {@link ReferenceBackend} (1e-12 of the largest value) and ND4J's own ops, in FP32 against ND4J's own ops
 * and the FP64 reference (1e-5: FP32 sums in another order); every activation; each pass K batched = one by one and
 * run to run bit for bit; the FP32 Adam's vector loop = its scalar loop bit for bit.
 */
class WidePassesTest {
    private static final List<MlpSpec> SHAPES = List.of(
            new MlpSpec(9, List.of(300, 37), 1, Activation.RELU),
            new MlpSpec(5, List.of(24), 3, Activation.RELU));

    @Test
    void primitivesEqualNd4jAndTheReferenceForEveryActivation() {
        try (Nd4jBackend wide32 = new Nd4jBackend(Precision.FP32, CpuFusedSetting.ON);
             Nd4jBackend nd4j32 = new Nd4jBackend(Precision.FP32, CpuFusedSetting.OFF);
             Nd4jBackend wide64 = new Nd4jBackend(Precision.FP64, CpuFusedSetting.ON);
             Nd4jBackend nd4j64 = new Nd4jBackend(Precision.FP64, CpuFusedSetting.OFF)) {
            for (MlpSpec shape : SHAPES) {
                for (Activation act : Activation.values()) {
                    MlpSpec spec = new MlpSpec(shape.inputDim(), shape.hiddenWidths(), shape.outputDim(), act);
                    GradientCase c = new GradientCase(spec, LossKind.MSE, 2, 1500, 13);
                    List<double[]> reference = c.primitives(new ReferenceBackend());
                    List<double[]> fp64 = c.primitives(wide64);
                    assertClose(reference, fp64, 1e-12, spec + " FP64 vs reference");
                    assertClose(c.primitives(nd4j64), fp64, 1e-12, spec + " FP64 vs ND4J's ops");
                    List<double[]> fp32 = c.primitives(wide32);
                    assertClose(c.primitives(nd4j32), fp32, 1e-5, spec + " FP32 vs ND4J's ops");
                    assertClose(reference, fp32, 1e-5, spec + " FP32 vs FP64 reference");
                    assertBitEqual(fp32, c.primitives(wide32), spec + " FP32 run to run");
                }
            }
        }
    }

    @Test
    void eachPassKBatchedEqualsOneByOneAndRunToRun() {
        int models = 3;
        int rows = 700;
        int cols = 300;
        for (boolean fp64 : new boolean[] {false, true}) {
            for (Activation act : Activation.values()) {
                double[] z = draw(1, models * rows * cols);
                double[] bias = draw(2, models * cols);
                double[] grad = draw(3, models * rows * cols);
                List<double[]> batched = passes(fp64, act, models, rows, cols, z, bias, grad);
                assertBitEqual(batched, passes(fp64, act, models, rows, cols, z, bias, grad), act + " run to run");
                for (int m = 0; m < models; m++) {
                    int n = rows * cols;
                    List<double[]> one = passes(fp64, act, 1, rows, cols, slice(z, m, n), slice(bias, m, cols),
                            slice(grad, m, n));
                    for (int p = 0; p < one.size(); p++) {
                        int len = one.get(p).length;
                        assertArrayEquals(one.get(p), slice(batched.get(p), m, len), 0.0,
                                act + " fp64=" + fp64 + " piece " + p + " model " + m);
                    }
                }
            }
        }
    }

    @Test
    void adamVectorLoopEqualsTheScalarLoop() {
        if (!VectorSupport.available()) {
            return;
        }
        int n = 1000;
        float[] p = floats(draw(4, n));
        float[] g = floats(draw(5, n));
        float[] m = floats(draw(6, n));
        float[] v = floats(draw(7, n));
        float[] lr = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] *= v[i];
            lr[i] = i % 5 == 0 ? 0f : 0.001f * (1 + i % 3);
            g[i] = i % 11 == 0 ? Float.NaN : g[i];
        }
        float[] vp = p.clone();
        float[] vm = m.clone();
        float[] vv = v.clone();
        float b1 = 0.9f;
        float c1 = 0.1f;
        float b2 = 0.999f;
        float c2 = (float) (1 - 0.999);
        float ib1 = (float) (1 / (1 - Math.pow(0.9, 3)));
        float isb2 = (float) (1 / Math.sqrt(1 - Math.pow(0.999, 3)));
        float eps = 1e-8f;
        int done = UpdateF32Vector.adam(vp, g, vm, vv, lr, n, b1, c1, b2, c2, ib1, isb2, eps);
        for (int i = 0; i < n; i++) {
            if (i < done) {
                continue;
            }
            vm[i] = b1 * vm[i] + c1 * g[i];
            vv[i] = b2 * vv[i] + c2 * g[i] * g[i];
            float step = lr[i] * ib1 * vm[i] / ((float) Math.sqrt(vv[i]) * isb2 + eps);
            vp[i] = lr[i] != 0 ? vp[i] - step : vp[i];
        }
        for (int i = 0; i < n; i++) {
            float mi = b1 * m[i] + c1 * g[i];
            float vi = b2 * v[i] + c2 * g[i] * g[i];
            float step = lr[i] * ib1 * mi / ((float) Math.sqrt(vi) * isb2 + eps);
            float pi = lr[i] != 0 ? p[i] - step : p[i];
            assertArrayEquals(new float[] {pi, mi, vi}, new float[] {vp[i], vm[i], vv[i]}, 0f, "element " + i);
        }
    }

    /** [z after bias, a, gradient after the derivative, bias gradient, MSE losses, MSE gradient] on arrays. */
    private static List<double[]> passes(boolean fp64, Activation act, int models, int rows, int cols, double[] z0,
                                         double[] bias0, double[] grad0) {
        ArrayMemory z = ArrayMemory.of(z0, fp64);
        ArrayMemory a = ArrayMemory.of(new double[z0.length], fp64);
        ArrayMemory bias = ArrayMemory.of(bias0, fp64);
        WidePasses.biasActivation(fp64, models, rows, cols, z, bias, act, a);
        ArrayMemory g = ArrayMemory.of(grad0, fp64);
        WidePasses.activationBackward(fp64, z0.length, g, z, a, act, g);
        ArrayMemory gb = ArrayMemory.of(new double[models * cols], fp64);
        WidePasses.sumRows(fp64, models, rows, cols, g, gb);
        ArrayMemory mseGrad = ArrayMemory.of(new double[z0.length], fp64);
        double[] losses = WidePasses.mse(fp64, models, rows, cols, a, z, mseGrad);
        List<double[]> out = new ArrayList<>();
        out.add(z.values());
        out.add(a.values());
        out.add(g.values());
        out.add(gb.values());
        out.add(losses);
        out.add(mseGrad.values());
        return out;
    }

    private static double[] draw(long seed, int n) {
        Rng rng = new Rng(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.normal();
        }
        return v;
    }

    private static float[] floats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    private static double[] slice(double[] v, int m, int n) {
        return java.util.Arrays.copyOfRange(v, m * n, (m + 1) * n);
    }
}
