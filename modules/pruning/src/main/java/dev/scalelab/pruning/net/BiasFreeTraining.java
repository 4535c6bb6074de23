package dev.scalelab.pruning.net;

import dev.scalelab.core.spec.LossKind;
import dev.scalelab.core.spec.MlpSpec;
import dev.scalelab.core.task.TaskData;
import dev.scalelab.core.util.Rng;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.compute.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains one bias-free MLP with Adam (torch.optim.Adam, the engine's own step primitive) on minibatches
 * (reshuffled every epoch, last incomplete batch dropped): the target network of the subset-sum experiment.
 */
public final class BiasFreeTraining {
    /** The trained weights (per layer, row-major [fan_in, fan_out]) and the final test accuracy. */
    public record Result(List<double[]> weights, double testAccuracy, double finalTrainLoss, double seconds) {
    }

    private BiasFreeTraining() {
    }

    public static Result train(ComputeBackend backend, MlpSpec spec, TaskData data, List<double[]> init, double lr,
                               int batch, int steps, long seed) {
        long t0 = System.nanoTime();
        BiasFreeNet net = new BiasFreeNet(backend, spec, 1, batch);
        List<Tensor> m = new ArrayList<>();
        List<Tensor> v = new ArrayList<>();
        for (int l = 0; l < spec.layerCount(); l++) {
            net.uploadWeights(l, init.get(l));
            Tensor ml = backend.allocate(1, spec.fanIn(l), spec.fanOut(l));
            Tensor vl = backend.allocate(1, spec.fanIn(l), spec.fanOut(l));
            backend.zero(ml);
            backend.zero(vl);
            m.add(ml);
            v.add(vl);
        }
        Tensor rate = backend.allocate(1, 1, 1);
        backend.upload(new double[] {lr}, rate);
        Rng rng = Rng.forPurpose(seed, "batches");
        int n = data.train().size();
        int[] order = rng.permutation(n);
        int cursor = 0;
        float[] x = new float[batch * spec.inputDim()];
        float[] y = new float[batch * spec.outputDim()];
        double loss = Double.NaN;
        for (int step = 1; step <= steps; step++) {
            if (cursor + batch > n) {
                order = rng.permutation(n);
                cursor = 0;
            }
            net.batch(data.train(), order, cursor, x, y);
            cursor += batch;
            loss = net.lossAndGradients(x, y, LossKind.CROSS_ENTROPY)[0];
            for (int l = 0; l < spec.layerCount(); l++) {
                backend.adamStep(net.weight(l), net.gradient(l), m.get(l), v.get(l), rate, 0.9, 0.999, 1e-8, step);
            }
        }
        List<double[]> w = new ArrayList<>();
        for (int l = 0; l < spec.layerCount(); l++) {
            w.add(net.downloadWeights(l));
        }
        double acc = new BiasFreeNet(backend, spec, 1, 1000).withWeights(w).accuracy(data.test())[0];
        return new Result(w, acc, loss, (System.nanoTime() - t0) / 1e9);
    }
}
