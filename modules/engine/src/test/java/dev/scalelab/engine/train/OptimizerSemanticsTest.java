package dev.scalelab.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.scalelab.core.spec.OptimizerSpec;
import dev.scalelab.engine.compute.Precision;
import dev.scalelab.engine.compute.Tensor;
import dev.scalelab.engine.nd4j.Nd4jBackend;
import org.junit.jupiter.api.Test;

/** The backend's optimizer steps follow torch.optim.Adam and torch.optim.SGD(momentum), per-model rates. */
class OptimizerSemanticsTest {
    private final Nd4jBackend backend = new Nd4jBackend(Precision.FP64);

    @Test
    void adamMatchesPytorchRuleWithEpsilonOnBiasCorrectedRoot() {
        OptimizerSpec adam = new OptimizerSpec(dev.scalelab.core.spec.OptimizerKind.ADAM, 0, 0.9, 0.999, 1e-3);
        double[] p = {0.5, -1.0, 2.0, 0.0, 1e-4, -3.0};
        double[][] grads = {{0.1, -0.2, 1e-5, 0, 3, -1}, {0.2, 0.1, -1e-5, 0, 2, 1}, {-0.3, 0.0, 1e-6, 1, 1, 0.5}};
        double[] lrs = {0.1, 0.02};
        Tensor param = backend.allocate(2, 1, 3);
        Tensor grad = backend.allocate(2, 1, 3);
        Tensor m = backend.allocate(2, 1, 3);
        Tensor v = backend.allocate(2, 1, 3);
        Tensor rates = backend.allocate(2, 1, 1);
        backend.upload(p, param);
        backend.upload(lrs, rates);
        backend.zero(m);
        backend.zero(v);
        double[] refP = p.clone();
        double[] refM = new double[6];
        double[] refV = new double[6];
        for (int t = 1; t <= grads.length; t++) {
            backend.upload(grads[t - 1], grad);
            backend.adamStep(param, grad, m, v, rates, adam.beta1(), adam.beta2(), adam.epsilon(), t);
            for (int i = 0; i < 6; i++) {
                double g = grads[t - 1][i];
                refM[i] = 0.9 * refM[i] + 0.1 * g;
                refV[i] = 0.999 * refV[i] + 0.001 * g * g;
                double mHat = refM[i] / (1 - Math.pow(0.9, t));
                double vHat = refV[i] / (1 - Math.pow(0.999, t));
                refP[i] -= lrs[i / 3] * mHat / (Math.sqrt(vHat) + adam.epsilon());
            }
        }
        assertArrayEquals(refP, backend.download(param), 1e-12);
    }

    @Test
    void sgdMomentumMatchesPytorchRule() {
        double[] p = {1, 2, 3, 4};
        double[][] grads = {{1, -1, 0.5, 0}, {0.5, 0.5, -2, 1}, {0, 1, 1, 1}};
        double[] lrs = {0.1, 0.5};
        Tensor param = backend.allocate(2, 2, 1);
        Tensor grad = backend.allocate(2, 2, 1);
        Tensor buf = backend.allocate(2, 2, 1);
        Tensor rates = backend.allocate(2, 1, 1);
        backend.upload(p, param);
        backend.upload(lrs, rates);
        backend.zero(buf);
        double[] refP = p.clone();
        double[] refBuf = new double[4];
        for (double[] g : grads) {
            backend.upload(g, grad);
            backend.sgdStep(param, grad, buf, rates, 0.9);
            for (int i = 0; i < 4; i++) {
                refBuf[i] = 0.9 * refBuf[i] + g[i];
                refP[i] -= lrs[i / 2] * refBuf[i];
            }
        }
        assertArrayEquals(refP, backend.download(param), 1e-12);
    }
}
