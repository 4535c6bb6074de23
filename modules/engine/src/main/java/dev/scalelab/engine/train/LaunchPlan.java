package dev.scalelab.engine.train;

import dev.scalelab.core.UserInputException;
import dev.scalelab.core.env.Variable;
import dev.scalelab.core.spec.ModelSettings;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * How the loop groups steps into launches when the stopping rule can run on the device ({@link LaunchedSteps}):
 * at most {@link #stepsPerLaunch()} steps per launch, and a launch ends at every step where a model still
 * training logs (so logging and evaluation happen where they would one step at a time) and at the last step any
 * of them is budgeted. A model that stops inside a launch needs no boundary: it is frozen on the device from its
 * next step on.
 *
 * <p>Steps per launch: {@code $SCALELAB_STEPS_PER_LAUNCH} (default {@value #DEFAULT_STEPS_PER_LAUNCH}; 1 is one
 * step per launch, as before). Only full-batch jobs at a constant learning rate take several: minibatches are
 * uploaded by the host before each step, and a schedule scales the rates from the host before each step.
 */
public record LaunchPlan(int stepsPerLaunch, List<ModelSettings> models) {
    public static final String VARIABLE = "SCALELAB_STEPS_PER_LAUNCH";
    /**
     * One host wait per 64 steps: the wait and loss read cost about 500 µs per step on an H200 (K = 1, where the
     * host round trip bounded training at 1,975 steps/s), so 64 steps bring it under 8 µs per step, well inside
     * the 50 µs a step may take at the 20,000 steps/s target; more would save little and cost [S, K] loss memory
     * and up to S − 1 idle steps at a job's end. To be tuned by measurement on a GPU.
     */
    public static final int DEFAULT_STEPS_PER_LAUNCH = 64;

    public LaunchPlan {
        if (stepsPerLaunch < 1 || models.isEmpty()) {
            throw new IllegalArgumentException("need steps per launch ≥ 1 and at least one model");
        }
        models = List.copyOf(models);
    }

    /**
     * The plan for a job of {@code models}: {@code requested} steps per launch (at most the largest budget) for
     * full-batch jobs at a constant rate, else 1.
     */
    public static LaunchPlan of(int requested, boolean fullBatch, boolean constantRate, List<ModelSettings> models) {
        long longest = 0;
        for (ModelSettings m : models) {
            longest = Math.max(longest, m.maxSteps());
        }
        int s = fullBatch && constantRate ? (int) Math.max(1, Math.min(requested, longest)) : 1;
        return new LaunchPlan(s, models);
    }

    /** The last step of the launch that starts at {@code first}, given which models still train. */
    public long lastStep(long first, IntPredicate training) {
        long last = first + stepsPerLaunch - 1;
        long longest = first;
        for (int m = 0; m < models.size(); m++) {
            if (training.test(m)) {
                long every = models.get(m).logEvery();
                last = Math.min(last, (first + every - 1) / every * every);
                longest = Math.max(longest, models.get(m).maxSteps());
            }
        }
        return Math.min(last, longest);
    }

    /** {@code $SCALELAB_STEPS_PER_LAUNCH}, or the default when unset. */
    public static int fromEnvironment() {
        return parse(System.getenv(VARIABLE));
    }

    static int parse(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_STEPS_PER_LAUNCH;
        }
        String problem = Variable.STEPS_PER_LAUNCH.problem(value);
        if (problem != null) {
            throw new UserInputException(problem + " (default " + DEFAULT_STEPS_PER_LAUNCH
                    + "; 1: one step per launch)");
        }
        return Variable.wholeNumber(value);
    }
}
