package dev.scalelab.engine.selftest;

import dev.scalelab.core.spec.Activation;
import dev.scalelab.core.spec.LossKind;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.reference.ReferenceBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The self-test of one device's backends against the plain-Java FP64 {@link ReferenceBackend}: every primitive;
 * training of every activation × loss × optimizer with masked weights; recorded steps (graphs) against eager
 * ones; K models batched against each alone; the TF32 and BF16 product modes within stated tolerances (see
 * {@link Tolerances}), after checking bit for bit that they do round their inputs ({@link RoundingCheck}); an
 * allocation larger than free memory. Each check that throws fails on its own; the
 * others still run.
 */
public final class BackendSelfTest {
    private final SelfTestSettings settings;
    private final ReferenceBackend reference = new ReferenceBackend();

    public BackendSelfTest(SelfTestSettings settings) {
        this.settings = settings;
    }

    /** Runs every check; {@code progress} is told each check as it ends. */
    public List<Check> run(SelfTestTargets targets, Consumer<Check> progress) {
        List<Check> checks = new ArrayList<>();
        Consumer<Check> add = c -> {
            checks.add(c);
            progress.accept(c);
        };
        try (ComputeBackend graphs = targets.fp32Graphs().get()) {
            new PrimitiveChecks(Tolerances.FP32_PRIMITIVE).run(graphs).forEach(add);
            trainingAgainstReference(graphs).forEach(add);
            add.accept(batchedEqualsOneByOne(graphs));
            add.accept(graphsEqualEager(graphs, targets.fp32Eager()));
            fastMode("tf32", targets.tf32(), 10, Tolerances.TF32_PRODUCT, Tolerances.TF32_TRAINING).forEach(add);
            fastMode("bf16", targets.bf16(), 7, Tolerances.BF16_PRODUCT, Tolerances.BF16_TRAINING).forEach(add);
            MemoryCheck.run(graphs, targets.fp32Graphs()).forEach(add);
        } catch (RuntimeException e) {
            add.accept(Check.failed("backend", "open " + targets.device(), e.getClass().getSimpleName() + ": "
                    + e.getMessage()));
        }
        return checks;
    }

    private List<Check> trainingAgainstReference(ComputeBackend backend) {
        List<Check> checks = new ArrayList<>();
        for (Activation act : Activation.values()) {
            for (LossKind loss : LossKind.values()) {
                for (boolean adam : new boolean[] {true, false}) {
                    TrainingJob job = new TrainingJob(act, loss, adam, true, 4, settings.steps());
                    checks.add(againstReference("training", job, backend, Tolerances.FP32_TRAINING));
                }
            }
        }
        return checks;
    }

    private Check againstReference(String group, TrainingJob job, ComputeBackend backend, double tolerance) {
        String name = job.describe() + ", " + job.steps() + " steps";
        try {
            double[] want = job.run(reference).flatLosses();
            double[] got = job.run(backend).flatLosses();
            return Check.measured(group, name, Agreement.elementwise(got, want, Tolerances.LOSS_FLOOR), tolerance,
                    "every step's loss");
        } catch (RuntimeException e) {
            return Check.failed(group, name, "threw " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private Check batchedEqualsOneByOne(ComputeBackend backend) {
        int k = settings.batchedModels();
        TrainingJob job = new TrainingJob(Activation.RELU, LossKind.MSE, true, false, k, settings.batchedSteps());
        String name = "K = " + k + " batched = one by one, " + job.steps() + " steps";
        try {
            double[][] batched = job.run(backend).losses();
            double worst = 0;
            for (int m = 0; m < k; m++) {
                double e = Agreement.elementwise(job.runOne(backend, m).losses()[0], batched[m],
                        Tolerances.LOSS_FLOOR);
                worst = Double.isNaN(e) ? e : Math.max(worst, e);
                if (Double.isNaN(worst)) {
                    break;
                }
            }
            return Check.measured("batched", name, worst, Tolerances.BATCHED, "every model's every step");
        } catch (RuntimeException e) {
            return Check.failed("batched", name, "threw " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private Check graphsEqualEager(ComputeBackend graphs, Supplier<ComputeBackend> eagerTarget) {
        TrainingJob job = new TrainingJob(Activation.TANH, LossKind.CROSS_ENTROPY, true, true, 4, settings.steps());
        String name = "graphs on = off, " + job.describe() + ", " + job.steps() + " steps";
        if (graphs.stepCapture().isEmpty()) {
            return Check.skipped("graphs", name, "this backend does not record steps");
        }
        try (ComputeBackend eager = eagerTarget.get()) {
            if (eager.stepCapture().isPresent()) {
                return Check.failed("graphs", name, "the eager backend records steps too");
            }
            TrainingJob.Result on = job.run(graphs);
            TrainingJob.Result off = job.run(eager);
            double error = Math.max(Agreement.elementwise(on.flatLosses(), off.flatLosses(), Tolerances.LOSS_FLOOR),
                    Agreement.relative(on.parameters(), off.parameters()));
            return Check.measured("graphs", name, error, Tolerances.GRAPHS, "losses and final parameters");
        } catch (RuntimeException e) {
            return Check.failed("graphs", name, "threw " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /**
     * A fast mode: its products really round their inputs to {@code bits} mantissa bits ({@link RoundingCheck}), stay
     * within the stated bounds of the FP64 reference, and so does a training run.
     */
    private List<Check> fastMode(String mode, Supplier<ComputeBackend> target, int bits, double productTolerance,
                                 double trainingTolerance) {
        List<Check> checks = new ArrayList<>();
        if (target == null) {
            checks.add(Check.skipped(mode, mode + " products", "no " + mode + " mode on this device or build"));
            return checks;
        }
        try (ComputeBackend b = target.get()) {
            checks.add(RoundingCheck.run(mode, b, bits));
            for (Check c : new PrimitiveChecks(productTolerance).matmuls(b, new dev.scalelab.core.util.Rng(7))) {
                checks.add(new Check(mode, c.name(), c.error(), c.tolerance(), c.status(), c.note()));
            }
            TrainingJob job = new TrainingJob(Activation.TANH, LossKind.MSE, true, false, 4, settings.steps());
            checks.add(againstReference(mode, job, b, trainingTolerance));
        } catch (RuntimeException e) {
            checks.add(Check.failed(mode, mode + " backend", e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
        return checks;
    }
}
