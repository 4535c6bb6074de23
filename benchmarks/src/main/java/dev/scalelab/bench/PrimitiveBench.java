package dev.scalelab.bench;

import dev.scalelab.core.spec.Activation;
import dev.scalelab.core.spec.LossKind;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.compute.Precision;
import dev.scalelab.engine.compute.Tensor;
import dev.scalelab.engine.nd4j.Nd4jBackend;

/**
 * Microseconds per call of each compute primitive at P2's shapes (K = 64 models, batch 100, width 16), to see
 * where a step's time goes. Usage: PrimitiveBench [K] [batch] [width] [input width].
 */
public final class PrimitiveBench {
    private PrimitiveBench() {
    }

    public static void main(String[] args) {
        int k = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int b = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int w = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        int in = args.length > 3 ? Integer.parseInt(args[3]) : 64;
        ComputeBackend be = new Nd4jBackend(Precision.FP32);
        Tensor x = filled(be, k, b, in);
        Tensor weight = filled(be, k, in, w);
        Tensor z = filled(be, k, b, w);
        Tensor a = filled(be, k, b, w);
        Tensor g = filled(be, k, b, w);
        Tensor bias = filled(be, k, 1, w);
        Tensor dW = filled(be, k, in, w);
        Tensor m = filled(be, k, in, w);
        Tensor v = filled(be, k, in, w);
        Tensor out = filled(be, k, b, 1);
        Tensor target = filled(be, k, b, 1);
        Tensor gOut = filled(be, k, b, 1);
        Tensor lr = be.allocate(k, 1, 1);
        be.upload(new double[k], lr);
        time("matmul x·W        ", () -> be.batchedMatmul(x, false, weight, false, z));
        time("matmul xᵀ·g (dW)  ", () -> be.batchedMatmul(x, true, g, false, dW));
        time("matmul g·Wᵀ (dX)  ", () -> be.batchedMatmul(g, false, weight, true, x));
        time("bias+relu forward ", () -> be.biasActivationForward(z, bias, Activation.RELU, a));
        time("relu backward     ", () -> be.activationBackward(g, z, a, Activation.RELU, g));
        time("sumRows (db)      ", () -> be.sumRows(g, bias));
        time("MSE loss+grad     ", () -> be.lossAndGradient(LossKind.MSE, out, target, gOut));
        time("adam step (W)     ", () -> be.adamStep(weight, dW, m, v, lr, 0.9, 0.999, 1e-8, 10));
    }

    private static Tensor filled(ComputeBackend be, int k, int r, int c) {
        Tensor t = be.allocate(k, r, c);
        float[] v = new float[k * r * c];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) Math.sin(i) * 0.1f;
        }
        be.upload(v, t);
        return t;
    }

    private static void time(String name, Runnable op) {
        for (int i = 0; i < 200; i++) {
            op.run();
        }
        double[] r = Stats.measure(0, 5, () -> {
            long t = System.nanoTime();
            for (int i = 0; i < 500; i++) {
                op.run();
            }
            return (System.nanoTime() - t) / 1e3 / 500;
        });
        System.out.printf("%s %s µs%n", name, Stats.describe(r));
    }
}
