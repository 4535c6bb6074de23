package dev.scalelab.engine.cuda;

import com.sun.jna.NativeLibrary;
import dev.scalelab.engine.compute.Tensor;
import dev.scalelab.engine.model.MlpBatch;
import java.util.Random;

/**
 * Checks of the BF16 mode on the fake CUDA library (run by {@link Bf16Main}): the optimizer step fused with the
 * cast against the step followed by a cast; training with BF16 copies against training whose every product
 * rounds its FP32 inputs afresh (the fake's switch), bit for bit, with CUDA graphs and without; and against FP32.
 */
final class Bf16Checks {
    /** Largest relative difference of a step's loss between BF16 and FP32 training the small jobs here may show. */
    static final double TRACKS_FP32 = 2e-2;
    /** Loss floor of that comparison (losses near zero are compared absolutely below it). */
    static final double LOSS_FLOOR = 1e-3;

    private Bf16Checks() {
    }

    /**
     * Adam (eager and clocked), SGD with momentum and masks on a tensor with a BF16 copy (the fused kernels) and on
     * an equal one without (the plain kernels, then one rounding pass): the FP32 masters agree within 1e-6 relative
     * (they run the same arithmetic, so exactly), and the fused copy is current and equals the rounded master bit
     * for bit.
     */
    static void fusedUpdateEqualsUnfused(CudaBackend b) {
        int k = 3;
        int rows = 37;
        int cols = 19;
        Random random = new Random(7);
        Tensor fused = upload(b, random, k, rows, cols);
        Tensor plain = b.allocate(k, rows, cols);
        b.upload(b.download(fused), plain);
        b.bf16().operand((CudaTensor) fused);
        Tensor[] state = {b.allocate(k, rows, cols), b.allocate(k, rows, cols), b.allocate(k, rows, cols),
                b.allocate(k, rows, cols), b.allocate(k, rows, cols), b.allocate(k, rows, cols)};
        Tensor lr = b.allocate(k, 1, 1);
        b.upload(new double[] {0.1, 0.0, 0.01}, lr);
        var clock = b.adamClock();
        for (long t = 1; t <= 4; t++) {
            Tensor g = upload(b, random, k, rows, cols);
            if (t % 2 == 0) {
                b.adamStep(fused, g, state[0], state[1], lr, 0.9, 0.999, 1e-8, t);
                b.adamStep(plain, g, state[2], state[3], lr, 0.9, 0.999, 1e-8, t);
            } else {
                b.advanceAdamClock(clock, 0.9, 0.999); // read by both steps
                b.adamStep(fused, g, state[0], state[1], lr, 0.9, 0.999, 1e-8, clock);
                b.adamStep(plain, g, state[2], state[3], lr, 0.9, 0.999, 1e-8, clock);
            }
            b.sgdStep(fused, g, state[4], lr, 0.9);
            b.sgdStep(plain, g, state[5], lr, 0.9);
        }
        Tensor mask = b.allocate(k, rows, cols);
        double[] m = new double[(int) mask.length()];
        for (int i = 0; i < m.length; i++) {
            m[i] = random.nextBoolean() ? 1 : 0;
        }
        b.upload(m, mask);
        b.applyMask(fused, mask);
        b.applyMask(plain, mask);

        double[] want = b.download(plain);
        double[] got = b.download(fused);
        double scale = 0;
        double diff = 0;
        for (int i = 0; i < want.length; i++) {
            scale = Math.max(scale, Math.abs(want[i]));
            diff = Math.max(diff, Math.abs(got[i] - want[i]));
        }
        check(diff <= 1e-6 * scale, "fused update's FP32 master differs from the unfused one by " + diff / scale);
        check(!((CudaTensor) fused).bf16.stale, "the fused update left the copy current");
        short[] fusedCopy = b.bf16().read((CudaTensor) fused);
        b.bf16().operand((CudaTensor) plain); // the unfused cast: one rounding pass over the updated master
        short[] castCopy = b.bf16().read((CudaTensor) plain);
        for (int i = 0; i < got.length; i++) {
            check(fusedCopy[i] == Bf16Reference.round((float) got[i]) && fusedCopy[i] == castCopy[i],
                    "copy element " + i + ": fused " + fusedCopy[i] + ", cast " + castCopy[i] + ", master " + got[i]);
        }
    }

    /**
     * Training jobs of {@link GraphChecks} in the BF16 mode, with graphs and without, against the FP32 backend with
     * every product's inputs rounded to BF16 by the fake (bit for bit: every copy was current when multiplied),
     * and against plain FP32 (within {@link #TRACKS_FP32}, and not equal: the mode is in effect). After training,
     * each weight's copy is current and equals its rounded master.
     */
    static void training(CudaBackend graphs, CudaBackend eager, CudaBackend fp32, int steps) {
        NativeLibrary fake = NativeLibrary.getInstance(CudaLibraries.DRIVER_SONAME);
        for (GraphChecks.Job job : new GraphChecks.Job[] {GraphChecks.adam(eager, steps),
                GraphChecks.crossEntropy(eager, steps)}) {
            GraphChecks.Result off = GraphChecks.train(eager, job, true, null);
            GraphChecks.Result on = GraphChecks.train(graphs, job, true, null);
            check(on.graphLaunches() > 0, job.name() + ": steps were replayed as graphs");
            GraphChecks.same("BF16 " + job.name() + ", graphs on vs off", off, on, 0.0);
            copiesCurrent(eager, off.models(), job.name());
            copiesCurrent(graphs, on.models(), job.name());
            GraphChecks.Result rounded;
            fake.getFunction("fake_cuda_round_products_to_bf16").invokeVoid(new Object[] {1});
            try {
                rounded = GraphChecks.train(fp32, job, true, null);
            } finally {
                fake.getFunction("fake_cuda_round_products_to_bf16").invokeVoid(new Object[] {0});
            }
            GraphChecks.same("BF16 " + job.name() + " vs FP32 with products rounded afresh", rounded, off, 0.0);
            System.out.println("ok: BF16 " + job.name()
                    + ": graphs = eager = every operand rounded afresh, bit for bit");

            GraphChecks.Job free = job.withTarget(0);
            double[][] bf = GraphChecks.train(eager, free, true, null).losses();
            double[][] fp = GraphChecks.train(fp32, free, true, null).losses();
            double worst = 0;
            for (int m = 0; m < bf.length; m++) {
                for (int s = 1; s < bf[m].length; s++) {
                    worst = Math.max(worst, Math.abs(bf[m][s] - fp[m][s]) / (Math.abs(fp[m][s]) + LOSS_FLOOR));
                }
            }
            check(worst <= TRACKS_FP32 && worst > 1e-6, job.name() + ": BF16 losses vs FP32: " + worst
                    + " (allowed " + TRACKS_FP32 + ", and above 1e-6: the mode must round)");
            System.out.printf("ok: BF16 %s tracks FP32: largest relative loss difference %.3g (allowed %.0e)%n",
                    job.name(), worst, TRACKS_FP32);
        }
    }

    private static void copiesCurrent(CudaBackend b, MlpBatch models, String job) {
        for (int l = 0; l < models.spec().layerCount(); l++) {
            CudaTensor w = (CudaTensor) models.weight(l);
            check(w.bf16.exists() && !w.bf16.stale, job + ": layer " + l + "'s copy is current");
            double[] master = b.download(w);
            short[] copy = b.bf16().read((CudaTensor) w);
            for (int i = 0; i < master.length; i++) {
                check(copy[i] == Bf16Reference.round((float) master[i]), job + ": layer " + l + " copy element " + i);
            }
        }
    }

    private static Tensor upload(CudaBackend b, Random random, int k, int rows, int cols) {
        double[] v = new double[k * rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextGaussian();
        }
        Tensor t = b.allocate(k, rows, cols);
        b.upload(v, t);
        return t;
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }
}
