package dev.scalelab.engine.cuda;

import dev.scalelab.core.spec.ModelSettings;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.core.spec.Activation;
import dev.scalelab.core.spec.InitSpec;
import dev.scalelab.core.spec.LossKind;
import dev.scalelab.core.spec.MlpSpec;
import dev.scalelab.core.spec.OptimizerSpec;
import dev.scalelab.core.spec.TrainSpec;
import dev.scalelab.core.task.ReluTeacher;
import dev.scalelab.core.task.TaskData;
import dev.scalelab.core.task.TaskFactory;
import dev.scalelab.core.task.TaskKind;
import dev.scalelab.core.task.TaskSpec;
import dev.scalelab.core.util.Rng;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.compute.Precision;
import dev.scalelab.engine.compute.Tensor;
import dev.scalelab.engine.model.MlpBatch;
import dev.scalelab.engine.nd4j.Nd4jBackend;
import dev.scalelab.engine.train.ModelOutcome;
import dev.scalelab.engine.train.Optimizer;
import dev.scalelab.engine.train.Trainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks of CUDA against the ND4J CPU backend, shared by {@link CudaParityTest} (a real GPU) and
 * {@link FakeDriverMain} (the fake CUDA library, kernels run on the host).
 */
final class ParityChecks {
    static final double RELATIVE = 1e-4;

    private ParityChecks() {
    }

    /** Loss trajectories of 4 models through the training loop agree within 1e-4 relative for {@code steps}. */
    static void trajectories(ComputeBackend gpu, ComputeBackend cpu, Activation act, LossKind loss, String opt,
                             boolean masked, int steps) {
        int k = 4;
        long[] seeds = {0, 1, 2, 3};
        double[] lrs = opt.equals("adam") ? new double[] {0.003, 0.001, 0.005, 0.002}
                : new double[] {0.05, 0.02, 0.03, 0.01};
        int outputs = loss == LossKind.MSE ? 1 : 4;
        MlpSpec spec = new MlpSpec(8, List.of(24, 16), outputs, act);
        OptimizerSpec optimizer = opt.equals("adam") ? OptimizerSpec.adam() : OptimizerSpec.sgd(0.9);
        TrainSpec train = new TrainSpec(loss, optimizer, 16);
        List<TaskData> data = data(k, loss, 64, 8, outputs, seeds);

        double[][] onCpu = trajectory(cpu, spec, train, steps, data, lrs, seeds, masked);
        double[][] onGpu = trajectory(gpu, spec, train, steps, data, lrs, seeds, masked);
        for (int m = 0; m < k; m++) {
            for (int s = 1; s <= steps; s++) {
                double want = onCpu[m][s];
                assertTrue(Double.isFinite(want), "cpu loss finite, model " + m + " step " + s);
                assertEquals(want, onGpu[m][s], RELATIVE * Math.abs(want) + 1e-7,
                        act + " " + loss + " " + opt + (masked ? " masked" : "") + ": model " + m + " step " + s);
            }
        }
    }

    /**
     * The streamed relu_teacher task (fresh samples drawn and labelled on the backend every step, two data seeds so
     * each stream goes to one of the K = 2 students): train losses of {@code steps} steps and the final test losses
     * agree with ND4J within 1e-4 relative.
     */
    static void streamedTeacher(ComputeBackend gpu, ComputeBackend cpu, int steps) {
        double[][] onCpu = streamedLosses(cpu, steps);
        double[][] onGpu = streamedLosses(gpu, steps);
        for (int m = 0; m < onCpu.length; m++) {
            for (int s = 1; s <= steps + 1; s++) {
                double want = onCpu[m][s];
                assertTrue(Double.isFinite(want), "cpu loss finite, model " + m + " step " + s);
                assertEquals(want, onGpu[m][s], RELATIVE * Math.abs(want) + 1e-7,
                        "streamed teacher: model " + m + (s > steps ? " test loss" : " step " + s));
            }
        }
    }

    /** Each model's train loss of steps 1..steps, then its final test loss. */
    private static double[][] streamedLosses(ComputeBackend backend, int steps) {
        ReluTeacher teacher = new ReluTeacher(20, 4, 2, 16, 6.0, 1);
        MlpSpec spec = MlpSpec.uniform(20, 8, 2, 1, Activation.RELU);
        long[] seeds = {1, 2};
        MlpBatch models = MlpBatch.initialize(backend, spec, InitSpec.torchDefault(), seeds, new double[] {1, 1});
        TrainSpec train = new TrainSpec(LossKind.MSE, OptimizerSpec.adam(), 32);
        List<ModelSettings> settings = new ArrayList<>();
        for (long seed : seeds) {
            settings.add(new ModelSettings(seed, 8 + seed, 0.003, 1, steps, 0, 1));
        }
        double[][] losses = new double[seeds.length][steps + 2];
        List<ModelOutcome> outcomes = new Trainer(backend).trainStreaming(models, train, settings, teacher, 100,
                new Optimizer(backend, train.optimizer(), models, new double[] {0.003, 0.003}),
                x -> losses[x.model()][(int) x.step()] = x.trainLoss());
        for (int m = 0; m < seeds.length; m++) {
            losses[m][steps + 1] = outcomes.get(m).finalTestLoss();
        }
        return losses;
    }

    /** K models trained batched follow the same trajectories as each trained alone. */
    static void batchedEqualsOneByOne(ComputeBackend gpu, int k, int steps) {
        long[] seeds = new long[k];
        double[] lrs = new double[k];
        for (int m = 0; m < k; m++) {
            seeds[m] = m;
            lrs[m] = 0.001 * (1 + m % 7);
        }
        MlpSpec spec = new MlpSpec(8, List.of(32, 32), 1, Activation.RELU);
        TrainSpec train = new TrainSpec(LossKind.MSE, OptimizerSpec.adam(), 16);
        List<TaskData> data = data(k, LossKind.MSE, 64, 8, 1, seeds);
        double[][] batched = trajectory(gpu, spec, train, steps, data, lrs, seeds, false);
        for (int m = 0; m < k; m++) {
            double[][] single = trajectory(gpu, spec, train, steps, List.of(data.get(m)), new double[] {lrs[m]},
                    new long[] {seeds[m]}, false);
            for (int s = 1; s <= steps; s++) {
                assertEquals(single[0][s], batched[m][s], RELATIVE * Math.abs(single[0][s]) + 1e-7,
                        "model " + m + " step " + s);
            }
        }
    }

    /** Every primitive on FP64 tensors equals ND4J's within 1e-12. */
    static void primitivesFp64(ComputeBackend gpu) {
        Nd4jBackend ref = new Nd4jBackend(Precision.FP64);
        Rng rng = new Rng(5);
        int k = 3;
        int rows = 7;
        int cols = 5;
        double[] z = gaussian(rng, k * rows * cols);
        double[] bias = gaussian(rng, k * cols);
        double[] grad = gaussian(rng, k * rows * cols);
        for (Activation act : Activation.values()) {
            double[][] outs = new double[2][];
            double[][] back = new double[2][];
            int i = 0;
            for (ComputeBackend b : List.of(ref, gpu)) {
                Tensor zt = put(b, z, k, rows, cols);
                Tensor at = b.allocate(k, rows, cols);
                Tensor gt = put(b, grad, k, rows, cols);
                b.biasActivationForward(zt, put(b, bias, k, 1, cols), act, at);
                b.activationBackward(gt, zt, at, act, gt);
                outs[i] = b.download(at);
                back[i] = b.download(gt);
                i++;
            }
            assertArrayEquals(outs[0], outs[1], 1e-12, act + " forward");
            assertArrayEquals(back[0], back[1], 1e-12, act + " backward");
        }
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                double[] a = gaussian(rng, k * 6 * 4);
                double[] bm = gaussian(rng, k * 4 * 3);
                double[][] c = new double[2][];
                int i = 0;
                for (ComputeBackend b : List.of(ref, gpu)) {
                    Tensor at = ta ? put(b, a, k, 4, 6) : put(b, a, k, 6, 4);
                    Tensor bt = tb ? put(b, bm, k, 3, 4) : put(b, bm, k, 4, 3);
                    Tensor ct = b.allocate(k, 6, 3);
                    b.batchedMatmul(at, ta, bt, tb, ct);
                    c[i++] = b.download(ct);
                }
                assertArrayEquals(c[0], c[1], 1e-12, "matmul tA=" + ta + " tB=" + tb);
            }
        }
        for (LossKind loss : LossKind.values()) {
            double[] out = gaussian(rng, k * rows * cols);
            double[] target = new double[k * rows * cols];
            for (int r = 0; r < k * rows; r++) {
                target[r * cols + rng.nextInt(cols)] = 1;
            }
            double[][] lossValues = new double[2][];
            double[][] grads = new double[2][];
            int i = 0;
            for (ComputeBackend b : List.of(ref, gpu)) {
                Tensor g = b.allocate(k, rows, cols);
                lossValues[i] = b.lossAndGradient(loss, put(b, out, k, rows, cols), put(b, target, k, rows, cols), g);
                grads[i++] = b.download(g);
            }
            assertArrayEquals(lossValues[0], lossValues[1], 1e-12, loss + " loss");
            assertArrayEquals(grads[0], grads[1], 1e-12, loss + " gradient");
        }
        double[] g = gaussian(rng, k * rows * cols);
        double[] p = gaussian(rng, k * rows * cols);
        double[] lr = {0.1, 0.0, 0.01};
        double[][] sums = new double[2][];
        double[][] adam = new double[2][];
        double[][] sgd = new double[2][];
        int i = 0;
        for (ComputeBackend b : List.of(ref, gpu)) {
            Tensor s = b.allocate(k, 1, cols);
            b.sumRows(put(b, g, k, rows, cols), s);
            sums[i] = b.download(s);
            Tensor pa = put(b, p, k, rows, cols);
            Tensor m = b.allocate(k, rows, cols);
            Tensor v = b.allocate(k, rows, cols);
            Tensor rates = put(b, lr, k, 1, 1);
            for (long t = 1; t <= 3; t++) {
                b.adamStep(pa, put(b, g, k, rows, cols), m, v, rates, 0.9, 0.999, 1e-8, t);
            }
            adam[i] = b.download(pa);
            Tensor ps = put(b, p, k, rows, cols);
            Tensor buf = b.allocate(k, rows, cols);
            for (int t = 0; t < 3; t++) {
                b.sgdStep(ps, put(b, g, k, rows, cols), buf, rates, 0.9);
            }
            b.applyMask(ps, put(b, mask(k * rows * cols, 0.5, 3), k, rows, cols));
            sgd[i++] = b.download(ps);
        }
        assertArrayEquals(sums[0], sums[1], 1e-12, "sumRows");
        assertArrayEquals(adam[0], adam[1], 1e-12, "adam");
        assertArrayEquals(sgd[0], sgd[1], 1e-12, "sgd + mask");
        perElementRates(ref, gpu, k, rows, cols, p, g);
    }

    /** Adam and SGD with one learning rate per element (rates shaped like the parameter, some 0) agree. */
    private static void perElementRates(ComputeBackend ref, ComputeBackend gpu, int k, int rows, int cols, double[] p,
                                        double[] g) {
        double[] rates = new double[k * rows * cols];
        for (int e = 0; e < rates.length; e++) {
            rates[e] = e % 4 == 0 ? 0 : 0.01 * (1 + e % 7);
        }
        double[][] adam = new double[2][];
        double[][] sgd = new double[2][];
        int i = 0;
        for (ComputeBackend b : List.of(ref, gpu)) {
            Tensor lr = put(b, rates, k, rows, cols);
            Tensor pa = put(b, p, k, rows, cols);
            Tensor m = b.allocate(k, rows, cols);
            Tensor v = b.allocate(k, rows, cols);
            Tensor ps = put(b, p, k, rows, cols);
            Tensor buf = b.allocate(k, rows, cols);
            for (long t = 1; t <= 3; t++) {
                b.adamStep(pa, put(b, g, k, rows, cols), m, v, lr, 0.9, 0.999, 1e-8, t);
                b.sgdStep(ps, put(b, g, k, rows, cols), buf, lr, 0.9);
            }
            adam[i] = b.download(pa);
            sgd[i++] = b.download(ps);
        }
        assertArrayEquals(adam[0], adam[1], 1e-12, "adam, per-element rates");
        assertArrayEquals(sgd[0], sgd[1], 1e-12, "sgd, per-element rates");
        for (int e = 0; e < rates.length; e += 4) {
            assertEquals(p[e], adam[1][e], 0.0, "rate 0 leaves element " + e + " as it was");
        }
    }

    /** A captured forward/backward/SGD sequence replays to exactly what eager launches compute. */
    static void graphReplay(CudaBackend cuda) {
        Rng rng = new Rng(9);
        int k = 8;
        double[] x = gaussian(rng, k * 32 * 16);
        double[] w = gaussian(rng, k * 16 * 16);
        double[] bias = gaussian(rng, k * 16);
        double[] lr = new double[k];
        java.util.Arrays.fill(lr, 0.01);
        Tensor xt = put(cuda, x, k, 32, 16);
        Tensor bt = put(cuda, bias, k, 1, 16);
        Tensor lrt = put(cuda, lr, k, 1, 1);
        Tensor z = cuda.allocate(k, 32, 16);
        Tensor a = cuda.allocate(k, 32, 16);
        Tensor gw = cuda.allocate(k, 16, 16);
        Tensor buf = cuda.allocate(k, 16, 16);
        Tensor eagerW = put(cuda, w, k, 16, 16);
        Tensor graphW = put(cuda, w, k, 16, 16);
        for (int rep = 0; rep < 3; rep++) {
            step(cuda, xt, eagerW, bt, z, a, gw, buf, lrt);
        }
        double[] eager = cuda.download(eagerW);
        cuda.zero(buf);
        double[] before = cuda.download(graphW);
        try (CudaGraph graph = cuda.capture(() -> step(cuda, xt, graphW, bt, z, a, gw, buf, lrt))) {
            assertArrayEquals(before, cuda.download(graphW), 0.0, "capture records without running");
            for (int rep = 0; rep < 3; rep++) {
                graph.launch();
            }
            cuda.synchronize();
        }
        assertArrayEquals(eager, cuda.download(graphW), 0.0, "graph replay");
    }

    private static void step(ComputeBackend b, Tensor x, Tensor w, Tensor bias, Tensor z, Tensor a, Tensor gw,
                             Tensor buf, Tensor lr) {
        b.batchedMatmul(x, false, w, false, z);
        b.biasActivationForward(z, bias, Activation.TANH, a);
        b.activationBackward(a, z, a, Activation.TANH, a);
        b.batchedMatmul(x, true, a, false, gw);
        b.sgdStep(w, gw, buf, lr, 0.9);
    }

    private static List<TaskData> data(int k, LossKind loss, int n, int d, int outputs, long[] seeds) {
        TaskFactory factory = new TaskFactory(Path.of("unused"));
        List<TaskData> data = new ArrayList<>();
        for (int m = 0; m < k; m++) {
            TaskSpec task = loss == LossKind.MSE ? new TaskSpec(TaskKind.TEACHER_STUDENT, n, d, 0, 0, 6, 100 + seeds[m])
                    : new TaskSpec(TaskKind.RANDOM_CLASSES, n, d, outputs, 0, 0, 100 + seeds[m]);
            data.add(factory.create(task));
        }
        return data;
    }

    /** {@code steps} steps of each model from its seed at its rate, logging every step, no target. */
    static double[][] trajectory(ComputeBackend backend, MlpSpec spec, TrainSpec train, int steps,
                                 List<TaskData> data, double[] lrs, long[] seeds, boolean masked) {
        double[] scales = new double[seeds.length];
        java.util.Arrays.fill(scales, 1.0);
        MlpBatch models = MlpBatch.initialize(backend, spec, InitSpec.torchDefault(), seeds, scales);
        if (masked) {
            for (int l = 0; l < spec.layerCount(); l++) {
                models.setMask(l, mask(seeds.length * spec.fanIn(l) * spec.fanOut(l), 0.5, 42 + l));
            }
        }
        double[][] losses = new double[seeds.length][steps + 1];
        List<ModelSettings> settings = new ArrayList<>();
        for (int m = 0; m < seeds.length; m++) {
            settings.add(new ModelSettings(seeds[m], seeds[m], lrs[m], 1, steps, 0, 1));
        }
        new Trainer(backend).train(models, train, settings, data,
                x -> losses[x.model()][(int) x.step()] = x.trainLoss());
        return losses;
    }

    static double[] mask(int n, double keep, long seed) {
        Rng rng = new Rng(seed);
        double[] mask = new double[n];
        for (int i = 0; i < n; i++) {
            mask[i] = rng.uniform() < keep ? 1 : 0;
        }
        return mask;
    }

    static Tensor put(ComputeBackend b, double[] values, int k, int rows, int cols) {
        Tensor t = b.allocate(k, rows, cols);
        b.upload(values, t);
        return t;
    }

    static double[] gaussian(Rng rng, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.normal();
        }
        return v;
    }
}
