package dev.scalelab.engine.cuda;

import dev.scalelab.core.spec.ModelSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.core.spec.Activation;
import dev.scalelab.core.spec.InitSpec;
import dev.scalelab.core.spec.LossKind;
import dev.scalelab.core.spec.MlpSpec;
import dev.scalelab.core.spec.OptimizerKind;
import dev.scalelab.core.spec.OptimizerSpec;
import dev.scalelab.core.spec.TrainSpec;
import dev.scalelab.core.task.TaskData;
import dev.scalelab.core.task.TaskFactory;
import dev.scalelab.core.task.TaskKind;
import dev.scalelab.core.task.TaskSpec;
import dev.scalelab.engine.compute.DeviceScalars;
import dev.scalelab.engine.model.MlpBatch;
import dev.scalelab.engine.model.ParameterTensors;
import dev.scalelab.engine.train.ModelOutcome;
import dev.scalelab.engine.train.ModelStatus;
import dev.scalelab.engine.train.Optimizer;
import dev.scalelab.engine.train.ParameterUpdate;
import dev.scalelab.engine.train.StepMetrics;
import dev.scalelab.engine.train.Trainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The training loop replaying a recorded CUDA graph per step against the same loop issuing every primitive
 * ({@code SCALELAB_CUDA_GRAPHS=0}), on two backends of one GPU: loss trajectories, outcomes (which model stopped
 * when, and why) and final parameters, for Adam and SGD with momentum, minibatches and full batches, masked
 * weights, a model that reaches the target part-way, one that diverges part-way, weights-only training,
 * cross-entropy, and evaluation on a test set between replays. Shared by {@link GraphTrainingMain} (the fake
 * CUDA library, where the two must agree bit for bit) and {@link CudaParityTest} (a GPU).
 */
final class GraphChecks {
    /** How often the driver was called, by entry point: the fake CUDA library counts; null on a real GPU. */
    @FunctionalInterface
    interface DriverCalls {
        long count(String call);
    }

    /**
     * One training job: K = lrs.length models, model k seeded k, each with {@code model}'s budget, target and log
     * interval (the rates are {@code lrs}, which the optimizer is built with).
     */
    record Job(String name, MlpSpec spec, TrainSpec train, ModelSettings model, List<TaskData> data, double[] lrs,
               boolean masked, boolean weightsOnly) {
        Job withTarget(double target) {
            ModelSettings m = new ModelSettings(model.seed(), model.dataSeed(), model.learningRate(),
                    model.initScale(), model.maxSteps(), target, model.logEvery());
            return new Job(name, spec, train, m, data, lrs, masked, weightsOnly);
        }

        int steps() {
            return model.maxSteps();
        }
    }

    /**
     * What a run leaves: losses[model][step] (NaN where not logged), outcomes, final parameters; graph replays,
     * and (from the driver) recordings, kernels launched directly and kernels recorded; the trained models.
     */
    record Result(double[][] losses, List<ModelOutcome> outcomes, List<double[]> parameters, long graphLaunches,
                  long captures, long directKernels, long recordedKernels, List<StepMetrics> metrics,
                  MlpBatch models) {
        long stepsRun() {
            return outcomes.stream().mapToLong(ModelOutcome::steps).max().orElse(0);
        }
    }

    private GraphChecks() {
    }

    /**
     * The device's Adam clock equals the host's bias corrections bit for bit for t = 1 … {@code steps}, for
     * PyTorch's default betas and for β₂ close to 1.
     */
    static void adamClockMatchesHost(CudaBackend cuda, int steps) {
        for (double[] betas : List.of(new double[] {0.9, 0.999}, new double[] {0.8, 0.99999})) {
            DeviceScalars clock = cuda.adamClock();
            for (long t = 1; t <= steps; t++) {
                cuda.advanceAdamClock(clock, betas[0], betas[1]);
                double[] c = cuda.read(clock);
                assertEquals(t, c[0], "clock's t");
                assertEquals(AdamCorrections.stepScale(betas[0], t), c[1], 0.0, "1/(1-b1^t), t = " + t);
                assertEquals(AdamCorrections.invSqrtBiasCorrection2(betas[1], t), c[2], 0.0,
                        "1/sqrt(1-b2^t), t = " + t);
            }
        }
    }

    /**
     * Every job trains the same with graphs as without, within {@code tolerance} relative (0: bit for bit); with
     * graphs each step after the first is one replay of one recording; an update that is not device work (a
     * custom {@link ParameterUpdate}) is never recorded.
     */
    static void graphsMatchEager(CudaBackend graphs, CudaBackend eager, double tolerance, int steps,
                                 DriverCalls calls) {
        check(graphs.stepCapture().isPresent() && eager.stepCapture().isEmpty(), "one backend with graphs, one without");
        List<Job> jobs = List.of(adam(eager, steps), sgd(eager, steps), crossEntropy(eager, steps));
        for (Job job : jobs) {
            Result off = train(eager, job, true, calls);
            Result on = train(graphs, job, true, calls);
            same(job.name(), off, on, tolerance);
            assertEquals(0, off.graphLaunches(), job.name() + ": no graphs when switched off");
            assertEquals(off.stepsRun() - 1, on.graphLaunches(), job.name() + ": one replay per step after the first");
            if (calls != null) {
                assertEquals(0, off.captures(), job.name() + ": nothing recorded when switched off");
                assertEquals(1, on.captures(), job.name() + ": one recording per training run");
                // Eager steps launch the recorded kernels but Adam's clock; with graphs only step 1 launches its own.
                long clock = job.train().optimizer().kind() == OptimizerKind.ADAM ? 1 : 0;
                assertTrue(on.recordedKernels() > clock, job.name() + ": the recording holds the step's kernels");
                assertEquals((on.recordedKernels() - clock) * off.stepsRun() - on.recordedKernels(),
                        off.directKernels() - on.directKernels(),
                        job.name() + ": every step after the first launches its kernels by replay, not one by one");
            }
            if (job.masked()) {
                masksHold(job, on.parameters());
            }
            System.out.println("ok: " + job.name() + ": graphs equal eager steps" + (tolerance == 0 ? " bit for bit"
                    : " within " + tolerance + (identical(off, on) ? " (bit for bit)" : " (not bit for bit)"))
                    + ", " + on.graphLaunches() + " replays for " + on.stepsRun() + " steps");
        }
        Job job = jobs.get(0);
        Result off = train(eager, job, true, calls);
        Result custom = train(graphs, job, false, calls);
        same("custom update", off, custom, tolerance);
        assertEquals(0, custom.graphLaunches(), "an update that is not device work runs eagerly");
        if (calls != null) {
            assertEquals(0, custom.captures(), "an update that is not device work is never recorded");
        }
        System.out.println("ok: a custom ParameterUpdate runs eagerly on a backend with graphs");
    }

    /** Adam on minibatches, masked; model 0 reaches the target part-way (set from an eager run). */
    static Job adam(CudaBackend eager, int steps) {
        return targeted(eager, new Job("adam, minibatches, masked, one model reaches the target",
                new MlpSpec(8, List.of(24, 16), 1, Activation.RELU),
                new TrainSpec(LossKind.MSE, OptimizerSpec.adam(), 16), ModelSettings.of(0.001, steps, 0, 1),
                data(4, LossKind.MSE, 0), new double[] {0.02, 0.003, 0.01, 0.0002}, true, false), 0, -1);
    }

    /** SGD with momentum, full batch, evaluated on a test set; model 0 reaches the target, model 2 diverges. */
    static Job sgd(CudaBackend eager, int steps) {
        return targeted(eager, new Job("sgd-momentum, full batch, test set, one model diverges, one reaches the "
                + "target", new MlpSpec(8, List.of(16), 1, Activation.TANH),
                new TrainSpec(LossKind.MSE, OptimizerSpec.sgd(0.9), 0), ModelSettings.of(0.01, steps, 0, 1),
                data(4, LossKind.MSE, 32), new double[] {0.05, 0.01, 3.0, 0.001}, false, false), 0, 2);
    }

    /** Adam on cross-entropy, full batch, weights only (biases stay), masked; model 0 reaches the target. */
    static Job crossEntropy(CudaBackend eager, int steps) {
        return targeted(eager, new Job("adam, cross-entropy, full batch, weights only, masked, one model reaches "
                + "the target", new MlpSpec(8, List.of(32), 4, Activation.SIGMOID),
                new TrainSpec(LossKind.CROSS_ENTROPY, OptimizerSpec.adam(), 0), ModelSettings.of(0.001, steps, 0, 1),
                data(3, LossKind.CROSS_ENTROPY, 0), new double[] {0.05, 0.01, 0.0001}, true, true), 0, -1);
    }

    /**
     * The job with a target loss that model {@code reacher} reaches part-way (its loss at mid-run) and, checked on
     * the eager run, some model does not; model {@code diverger} (if ≥ 0) must diverge part-way.
     */
    private static Job targeted(CudaBackend eager, Job job, int reacher, int diverger) {
        int steps = job.steps();
        Result free = train(eager, job, true, null);
        Job result = job.withTarget(free.losses()[reacher][steps / 2] * (1 + 1e-6));
        List<ModelOutcome> outcomes = train(eager, result, true, null).outcomes();
        ModelOutcome reached = outcomes.get(reacher);
        check(reached.status() == ModelStatus.REACHED_TARGET && reached.steps() > 1 && reached.steps() < steps,
                job.name() + ": model " + reacher + " reaches the target part-way: " + reached);
        check(outcomes.stream().anyMatch(o -> o.status() == ModelStatus.BUDGET_EXHAUSTED),
                job.name() + ": some model trains to the end: " + outcomes);
        if (diverger >= 0) {
            ModelOutcome diverged = outcomes.get(diverger);
            check(diverged.status() == ModelStatus.DIVERGED && diverged.steps() > 1 && diverged.steps() < steps,
                    job.name() + ": model " + diverger + " diverges part-way: " + diverged);
        }
        return result;
    }

    /** One step per launch, as the loop ran before several steps per launch existed. */
    static Result train(CudaBackend backend, Job job, boolean capturable, DriverCalls calls) {
        return train(backend, job, capturable, calls, 1, settings -> settings);
    }

    /**
     * With up to {@code stepsPerLaunch} steps per launch, and each model's settings (from the job's spec) passed
     * through {@code perModel} first.
     */
    static Result train(CudaBackend backend, Job job, boolean capturable, DriverCalls calls, int stepsPerLaunch,
                        java.util.function.UnaryOperator<List<ModelSettings>> perModel) {
        int k = job.lrs().length;
        long[] seeds = new long[k];
        double[] scales = new double[k];
        for (int m = 0; m < k; m++) {
            seeds[m] = m;
            scales[m] = 1;
        }
        MlpBatch models = MlpBatch.initialize(backend, job.spec(), InitSpec.torchDefault(), seeds, scales);
        if (job.masked()) {
            for (int l = 0; l < job.spec().layerCount(); l++) {
                models.setMask(l, mask(job, l));
            }
        }
        Optimizer optimizer = job.weightsOnly()
                ? Optimizer.weightsOnly(backend, job.train().optimizer(), models, job.lrs())
                : new Optimizer(backend, job.train().optimizer(), models, job.lrs());
        ParameterUpdate update = capturable ? optimizer : hostUpdate(optimizer);
        double[][] losses = new double[k][job.steps() + 1];
        for (double[] row : losses) {
            Arrays.fill(row, Double.NaN);
        }
        long launches = backend.graphLaunches();
        long captures = calls == null ? 0 : calls.count("cuStreamBeginCapture_v2");
        long kernels = calls == null ? 0 : calls.count("cuLaunchKernel");
        long recorded = calls == null ? 0 : calls.count("cuLaunchKernel (captured)");
        List<ModelSettings> settings = new ArrayList<>();
        for (int m = 0; m < k; m++) {
            settings.add(job.model().withSeed(seeds[m]));
        }
        List<StepMetrics> metrics = new ArrayList<>();
        List<ModelOutcome> outcomes = new Trainer(backend, stepsPerLaunch).train(models, job.train(),
                perModel.apply(settings), job.data(), update, s -> {
                    losses[s.model()][(int) s.step()] = s.trainLoss();
                    metrics.add(s);
                });
        List<double[]> parameters = new ArrayList<>();
        for (int l = 0; l < job.spec().layerCount(); l++) {
            parameters.add(models.downloadWeights(l));
            parameters.add(models.downloadBiases(l));
        }
        return new Result(losses, outcomes, parameters, backend.graphLaunches() - launches,
                calls == null ? 0 : calls.count("cuStreamBeginCapture_v2") - captures,
                calls == null ? 0 : calls.count("cuLaunchKernel") - kernels,
                calls == null ? 0 : calls.count("cuLaunchKernel (captured)") - recorded, metrics, models);
    }

    /** The optimizer behind a plain {@link ParameterUpdate}, as a caller's own update rule would be. */
    private static ParameterUpdate hostUpdate(Optimizer optimizer) {
        return new ParameterUpdate() {
            @Override
            public void step(long step, ParameterTensors gradients) {
                optimizer.step(step, gradients);
            }

            @Override
            public void freeze(int model) {
                optimizer.freeze(model);
            }
        };
    }

    static void same(String name, Result want, Result got, double tolerance) {
        for (int m = 0; m < want.losses().length; m++) {
            for (int s = 1; s < want.losses()[m].length; s++) {
                close(want.losses()[m][s], got.losses()[m][s], tolerance, name + ": loss of model " + m + " step " + s);
            }
            ModelOutcome w = want.outcomes().get(m);
            ModelOutcome g = got.outcomes().get(m);
            assertEquals(w.status(), g.status(), name + ": model " + m + " status");
            assertEquals(w.steps(), g.steps(), name + ": model " + m + " steps");
            assertEquals(w.divergedAtStep(), g.divergedAtStep(), name + ": model " + m + " diverged at");
            close(w.finalTrainLoss(), g.finalTrainLoss(), tolerance, name + ": model " + m + " final loss");
            close(w.finalTestLoss(), g.finalTestLoss(), tolerance, name + ": model " + m + " final test loss");
        }
        for (int p = 0; p < want.parameters().size(); p++) {
            double[] w = want.parameters().get(p);
            double[] g = got.parameters().get(p);
            for (int i = 0; i < w.length; i++) {
                close(w[i], g[i], tolerance, name + ": parameter tensor " + p + " element " + i);
            }
        }
    }

    /** Equal bits (NaN included) when {@code tolerance} is 0, else within it relative (1e-7 absolute). */
    private static void close(double want, double got, double tolerance, String what) {
        if (Double.doubleToLongBits(want) == Double.doubleToLongBits(got)) {
            return;
        }
        boolean ok = tolerance > 0 && (Double.isNaN(want) ? Double.isNaN(got)
                : Math.abs(want - got) <= tolerance * Math.abs(want) + 1e-7);
        check(ok, what + ": eager " + want + ", graphs " + got);
    }

    private static boolean identical(Result a, Result b) {
        for (int m = 0; m < a.losses().length; m++) {
            if (!Arrays.equals(a.losses()[m], b.losses()[m])) {
                return false;
            }
        }
        for (int p = 0; p < a.parameters().size(); p++) {
            if (!Arrays.equals(a.parameters().get(p), b.parameters().get(p))) {
                return false;
            }
        }
        return true;
    }

    private static void masksHold(Job job, List<double[]> parameters) {
        for (int l = 0; l < job.spec().layerCount(); l++) {
            double[] mask = mask(job, l);
            double[] weights = parameters.get(2 * l);
            for (int i = 0; i < mask.length; i++) {
                check(mask[i] != 0 || weights[i] == 0, job.name() + ": masked weight " + i + " of layer " + l
                        + " regrew to " + weights[i]);
            }
        }
    }

    private static double[] mask(Job job, int layer) {
        return ParityChecks.mask(job.lrs().length * job.spec().fanIn(layer) * job.spec().fanOut(layer), 0.6,
                70 + layer);
    }

    private static List<TaskData> data(int k, LossKind loss, int testSize) {
        TaskFactory factory = new TaskFactory(Path.of("unused"));
        List<TaskData> data = new ArrayList<>();
        for (int m = 0; m < k; m++) {
            TaskSpec task = loss == LossKind.MSE ? new TaskSpec(TaskKind.TEACHER_STUDENT, 64, 8, 0, testSize, 6, 300 + m)
                    : new TaskSpec(TaskKind.RANDOM_CLASSES, 64, 8, 4, testSize, 0, 300 + m);
            data.add(factory.create(task));
        }
        return data;
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }
}
