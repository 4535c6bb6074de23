package dev.scalelab.core.config;

import dev.scalelab.core.UserInputException;
import dev.scalelab.core.spec.BatchPhases;
import dev.scalelab.core.spec.LossKind;
import dev.scalelab.core.spec.LrSchedule;
import dev.scalelab.core.spec.OptimizerKind;
import dev.scalelab.core.spec.OptimizerSpec;
import dev.scalelab.core.spec.TrainSpec;

/** The {@code train:} section: loss, optimizer, batch size, budget (steps or epochs) and stopping rule. */
public record TrainConfig(LossKind loss, OptimizerKind optimizer, double lr, double momentum, double beta1,
                          double beta2, double eps, int batchSize, int steps, double epochs, double targetLoss,
                          int logEvery, LrSchedule schedule, boolean recordNorms, BatchPhases phases) {

    static TrainConfig from(Flat f) throws ConfigProblem {
        TrainConfig c = new TrainConfig(LossKind.parse(f.text("train.loss"), "train.loss"),
                OptimizerKind.parse(f.text("train.optimizer"), "train.optimizer"), f.real("train.lr"),
                f.real("train.momentum"), f.real("train.beta1"), f.real("train.beta2"), f.real("train.eps"),
                f.integer("train.batch_size"), f.integer("train.steps"), f.real("train.epochs"),
                f.real("train.target_loss"), f.integer("train.log_every"),
                LrSchedule.parse(f.text("train.lr_schedule"), "train.lr_schedule"),
                f.integer("train.record_norms") == 1, BatchPhases.parse(f.text("train.phases"), "train.phases"));
        if ((c.steps > 0) == (c.epochs > 0)) {
            throw new ConfigProblem("train.steps", c.steps > 0
                    ? "give train.steps or train.epochs, not both"
                    : "no budget: train.steps and train.epochs are both 0 (or unset); give train.steps ≥ 1 or "
                    + "train.epochs > 0");
        }
        if (c.steps > MAX_STEPS) {
            throw new ConfigProblem("train.steps", "at most " + MAX_STEPS + " steps, got " + c.steps);
        }
        if (c.momentum > 0 && c.optimizer != OptimizerKind.SGD) {
            throw new ConfigProblem("train.momentum", "momentum applies to sgd only, not " + c.optimizer);
        }
        return c;
    }

    /** The largest step budget: a billion steps, days even for the smallest model; beyond it, a typo. */
    public static final int MAX_STEPS = 1_000_000_000;

    /**
     * Optimizer steps of a run on {@code n} training examples: steps, or ⌈epochs · n / batch⌉; a budget over
     * {@link #MAX_STEPS} is refused (a {@link UserInputException.Field} naming train.epochs), never clamped.
     */
    public int stepsFor(int n) {
        if (steps > 0) {
            return steps;
        }
        UserInputException.require(n > 0, "train.epochs", "a streaming task (relu_teacher) has no epochs: give "
                + "train.steps");
        int batch = batchSize == 0 ? n : Math.min(batchSize, n);
        double s = Math.ceil(epochs * n / batch - 1e-9);
        UserInputException.require(s <= MAX_STEPS, "train.epochs", "train.epochs " + epochs + " is "
                + String.format(java.util.Locale.ROOT, "%.3g", s) + " steps at N = " + n + ", batch " + batch
                + ": at most " + MAX_STEPS + " steps");
        return (int) Math.max(1, s);
    }

    /** What the K models of a job share (the learning rate, budget, target and log interval are per model). */
    public TrainSpec toSpec() {
        return new TrainSpec(loss, new OptimizerSpec(optimizer, momentum, beta1, beta2, eps), batchSize, schedule,
                phases);
    }
}
