package dev.scalelab.engine.cuda;

import com.sun.jna.NativeLibrary;
import dev.scalelab.core.spec.Activation;
import dev.scalelab.core.spec.LossKind;
import dev.scalelab.core.spec.MlpSpec;
import dev.scalelab.core.spec.ModelSettings;
import dev.scalelab.core.spec.OptimizerSpec;
import dev.scalelab.core.spec.TrainSpec;
import dev.scalelab.core.task.TaskData;
import dev.scalelab.core.task.TaskFactory;
import dev.scalelab.core.task.TaskKind;
import dev.scalelab.core.task.TaskSpec;
import dev.scalelab.engine.compute.Precision;
import dev.scalelab.engine.train.ModelOutcome;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Run by {@link FusedKernelTest} in a child JVM whose LD_LIBRARY_PATH holds the fake CUDA library: the training
 * loop with the fused small-MLP kernels against the same loop issuing the primitives one by one
 * ({@code SCALELAB_CUDA_FUSED=0}), 200 steps of every activation × loss × optimizer with masked weights. The
 * shapes make the fused kernel's awkward cases happen: K = 3 (not a multiple of anything), each model's batch cut
 * into 2 slices of several chunks with a short last chunk (the fake reports 3 KiB of shared memory per block and
 * {@link #SMS} SMs), and a deeper net with K = 7 in one slice. Exits non-zero on the first failure.
 */
public final class FusedTrainingMain {
    /** Every step's loss, relative. */
    static final double FP32_TOLERANCE = 1e-5;
    static final double FP64_TOLERANCE = 1e-10;
    /**
     * Final FP32 parameters, relative in each tensor's infinity norm: looser than the losses because Adam turns
     * rounding noise in a near-zero gradient into a full step (FP64 shows the amplification: worst 1e-13 from
     * 1e-16 rounding; FP32 parameters differ by up to 3.1e-5 after 200 steps, losses by 2.1e-6).
     */
    static final double FP32_PARAMETER_TOLERANCE = 1e-4;
    private static final int ROWS = 29;
    /** SMs the fake reports in this test (FAKE_CUDA_SMS): K = 3 gets 2 slices per model, K = 7 one. */
    static final int SMS = 6;

    private FusedTrainingMain() {
    }

    public static void main(String[] args) {
        int steps = Integer.parseInt(args.length > 0 ? args[0] : "200");
        NativeLibrary fake = NativeLibrary.getInstance(CudaLibraries.DRIVER_SONAME);
        GraphChecks.DriverCalls calls = call -> fake.getFunction("fake_cuda_count").invokeLong(new Object[] {call});
        for (Precision precision : List.of(Precision.FP64, Precision.FP32)) {
            double tolerance = precision == Precision.FP64 ? FP64_TOLERANCE : FP32_TOLERANCE;
            try (CudaBackend fused = new CudaBackend(precision, GemmMode.FP32, true, -1, true);
                 CudaBackend unfused = new CudaBackend(precision, GemmMode.FP32, true, -1, false)) {
                check(fused.provenance().settings().get("fused_mlp").equals("on")
                        && unfused.provenance().settings().get("fused_mlp").equals("off"),
                        "provenance records the switch");
                for (Activation act : Activation.values()) {
                    for (LossKind loss : LossKind.values()) {
                        for (boolean adam : new boolean[] {true, false}) {
                            compare(fused, unfused, job(act, loss, adam, 3, List.of(5, 4), steps), 2, tolerance,
                                    calls);
                        }
                    }
                }
                compare(fused, unfused, job(Activation.TANH, LossKind.MSE, true, 7, List.of(4, 6, 3), steps), 1,
                        tolerance, calls);
            }
        }
        System.out.println("fused checks passed");
    }

    /** K models of in 3 → hidden → out (2 for MSE, 3 classes), full batch of 29 rows, masked layer 0. */
    private static GraphChecks.Job job(Activation act, LossKind loss, boolean adam, int k, List<Integer> hidden,
                                       int steps) {
        TaskFactory factory = new TaskFactory(Path.of("unused"));
        List<TaskData> data = new ArrayList<>();
        for (int m = 0; m < k; m++) {
            data.add(factory.create(loss == LossKind.MSE
                    ? new TaskSpec(TaskKind.TEACHER_STUDENT, ROWS, 3, 0, 0, 4, 500 + m)
                    : new TaskSpec(TaskKind.RANDOM_CLASSES, ROWS, 3, 3, 0, 0, 500 + m)));
        }
        MlpSpec spec = new MlpSpec(3, hidden, data.get(0).train().outputDim(), act);
        double[] lrs = new double[k];
        for (int m = 0; m < k; m++) {
            lrs[m] = (adam ? 0.01 : 0.02) * (1 + m) / k;
        }
        TrainSpec train = new TrainSpec(loss, adam ? OptimizerSpec.adam() : OptimizerSpec.sgd(0.9), 0);
        String name = act.id() + ", " + loss + ", " + (adam ? "adam" : "sgd-momentum") + ", K = " + k + ", hidden "
                + hidden;
        return new GraphChecks.Job(name, spec, train, ModelSettings.of(adam ? 0.01 : 0.05, steps, 0, 1), data, lrs,
                true, false);
    }

    private static void compare(CudaBackend fused, CudaBackend unfused, GraphChecks.Job job, int slices,
                                double tolerance, GraphChecks.DriverCalls calls) {
        String suffix = fused.precision() == Precision.FP64 ? "_f64" : "_f32";
        FusedMlpPlan plan = FusedMlpPlan.of(job.spec(), job.lrs().length, ROWS,
                fused.precision() == Precision.FP64 ? 8 : 4, 3072, fused.multiprocessors()).orElseThrow();
        check(plan.slices() == slices && ROWS % plan.chunkRows() != 0, job.name() + ": planned " + plan);
        long before = calls.count("ran sl_fused_mlp" + suffix);
        long reducesBefore = calls.count("ran sl_fused_mlp_reduce" + suffix);
        GraphChecks.Result off = GraphChecks.train(unfused, job, true, null);
        check(calls.count("ran sl_fused_mlp" + suffix) == before, job.name() + ": the fused kernel ran while off");
        GraphChecks.Result on = GraphChecks.train(fused, job, true, null);
        long runs = calls.count("ran sl_fused_mlp" + suffix) - before;
        long reduces = calls.count("ran sl_fused_mlp_reduce" + suffix) - reducesBefore;
        check(runs == on.stepsRun() && reduces == (slices > 1 ? runs : 0), job.name() + ": " + runs
                + " fused passes and " + reduces + " reductions for " + on.stepsRun() + " steps");
        double parameterTolerance = fused.precision() == Precision.FP64 ? tolerance : FP32_PARAMETER_TOLERANCE;
        double[] worst = agree(job.name(), off, on, tolerance, parameterTolerance);
        System.out.printf("ok: %s %s: fused equals unfused within %.0e over %d steps (%d slices of %d rows in chunks of "
                + "%d): worst loss %.1e, worst parameter %.1e%n", fused.precision(), job.name(), tolerance, on.stepsRun(), plan.slices(),
                plan.sliceRows(), plan.chunkRows(), worst[0], worst[1]);
    }

    /**
     * Every step's loss within {@code tolerance} relative, the same outcomes, and each final parameter tensor within
     * {@code parameterTolerance} relative in the infinity norm; returns the worst loss and parameter differences.
     */
    private static double[] agree(String name, GraphChecks.Result unfused, GraphChecks.Result fused,
                                  double tolerance, double parameterTolerance) {
        double worstLoss = 0;
        for (int m = 0; m < unfused.losses().length; m++) {
            ModelOutcome a = unfused.outcomes().get(m);
            ModelOutcome b = fused.outcomes().get(m);
            check(a.status() == b.status() && a.steps() == b.steps() && a.divergedAtStep() == b.divergedAtStep(),
                    name + ": model " + m + " outcome " + a + " unfused, " + b + " fused");
            for (int s = 1; s < unfused.losses()[m].length; s++) {
                double want = unfused.losses()[m][s];
                double got = fused.losses()[m][s];
                if (Double.isNaN(want) && Double.isNaN(got)) {
                    continue;
                }
                double rel = Math.abs(want - got) / Math.abs(want);
                worstLoss = Math.max(worstLoss, rel);
                check(rel <= tolerance, name + ": loss of model " + m + " at step " + s + ": unfused " + want
                        + ", fused " + got);
            }
        }
        double worstParameter = 0;
        for (int p = 0; p < unfused.parameters().size(); p++) {
            double[] want = unfused.parameters().get(p);
            double[] got = fused.parameters().get(p);
            double scale = 0;
            double diff = 0;
            for (int i = 0; i < want.length; i++) {
                scale = Math.max(scale, Math.abs(want[i]));
                diff = Math.max(diff, Math.abs(want[i] - got[i]));
            }
            double rel = diff / scale;
            worstParameter = Math.max(worstParameter, rel);
            check(rel <= parameterTolerance, name + ": parameter tensor " + p + " differs by " + diff + " (largest element "
                    + scale + ")");
        }
        return new double[] {worstLoss, worstParameter};
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }
}
