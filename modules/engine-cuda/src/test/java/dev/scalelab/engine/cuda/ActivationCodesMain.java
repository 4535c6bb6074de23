package dev.scalelab.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.scalelab.core.spec.Activation;
import dev.scalelab.core.util.Rng;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.compute.Precision;
import dev.scalelab.engine.compute.Tensor;
import dev.scalelab.engine.reference.ReferenceBackend;
import java.util.List;

/**
 * Run by {@link ActivationCodesTest} in a child JVM on the fake CUDA library: for every {@link Activation}, the
 * CUDA backend's bias + activation forward and activation backward equal the reference backend's, in FP64 within
 * 1e-12 and in FP32 within 1e-5 (relative to 1 + |value|).
 */
public final class ActivationCodesMain {
    private static final int K = 2;
    private static final int ROWS = 3;
    private static final int COLS = 4;

    private ActivationCodesMain() {
    }

    public static void main(String[] args) {
        Rng rng = new Rng(11);
        double[] z = ParityChecks.gaussian(rng, K * ROWS * COLS);
        double[] bias = ParityChecks.gaussian(rng, K * COLS);
        double[] grad = ParityChecks.gaussian(rng, K * ROWS * COLS);
        try (ReferenceBackend ref = new ReferenceBackend();
             CudaBackend fp64 = new CudaBackend(Precision.FP64, GemmMode.FP32, false);
             CudaBackend fp32 = new CudaBackend(Precision.FP32, GemmMode.FP32, false)) {
            for (Activation act : Activation.values()) {
                List<double[]> want = run(ref, act, z, bias, grad);
                compare(want, run(fp64, act, z, bias, grad), 1e-12, act + " FP64");
                compare(want, run(fp32, act, z, bias, grad), 1e-5, act + " FP32");
                System.out.println("ok: " + act + " (code " + KernelPrelude.activationCode(act)
                        + ") forward and backward equal the reference");
            }
        }
        System.out.println("activation checks passed");
    }

    /** {act(z + bias), dL/dz} for the given upstream gradient. */
    private static List<double[]> run(ComputeBackend b, Activation act, double[] z, double[] bias, double[] grad) {
        Tensor zt = ParityChecks.put(b, z, K, ROWS, COLS);
        Tensor at = b.allocate(K, ROWS, COLS);
        Tensor gt = ParityChecks.put(b, grad, K, ROWS, COLS);
        b.biasActivationForward(zt, ParityChecks.put(b, bias, K, 1, COLS), act, at);
        b.activationBackward(gt, zt, at, act, gt);
        return List.of(b.download(at), b.download(gt));
    }

    private static void compare(List<double[]> want, List<double[]> got, double tolerance, String what) {
        for (int part = 0; part < 2; part++) {
            double[] w = want.get(part);
            double[] g = got.get(part);
            double[] scaled = new double[w.length];
            for (int i = 0; i < w.length; i++) {
                scaled[i] = w[i] + (g[i] - w[i]) / (1 + Math.abs(w[i]));
            }
            assertArrayEquals(w, scaled, tolerance, what + (part == 0 ? " forward" : " backward"));
        }
    }
}
