package dev.scalelab.engine.compute;

/**
 * The layout of the doubles the device stopping rule keeps for K models and launches of up to {@code capacity}
 * steps (see {@link StepCapture#applyStoppingRule}), in one {@link DeviceScalars} so that one read after a
 * launch returns everything the host needs:
 *
 * <pre>
 *   [0, K)                 status of model m: 0 running, else {@link #REACHED}, {@link #EXHAUSTED}, {@link #DIVERGED}
 *   [K, 2K)                the step at which model m stopped (0 while running)
 *   2K                     t, the steps run so far
 *   2K + 1                 the launch's base: its first step is base + 1
 *   [2K + 2, … + S·K)      row r, model m: the loss of step base + 1 + r
 *   then [K) budgets, [K) target losses (0: none)
 * </pre>
 *
 * The kernels (stopping.cu) index the same layout from K and S.
 */
public record StopState(int models, int capacity) {
    public static final int REACHED = 1;
    public static final int EXHAUSTED = 2;
    public static final int DIVERGED = 3;

    public StopState {
        if (models <= 0 || capacity <= 0) {
            throw new IllegalArgumentException("need models and capacity > 0, got " + models + ", " + capacity);
        }
    }

    public int status(int model) {
        return model;
    }

    public int stoppedAt(int model) {
        return models + model;
    }

    public int clock() {
        return 2 * models;
    }

    public int base() {
        return 2 * models + 1;
    }

    public int loss(int row, int model) {
        return 2 * models + 2 + row * models + model;
    }

    public int budgets() {
        return loss(capacity, 0);
    }

    public int targets() {
        return budgets() + models;
    }

    public int length() {
        return targets() + models;
    }

    /** How many values, from the start, hold the statuses, the clock and the first {@code rows} rows of losses. */
    public int readLength(int rows) {
        return loss(rows, 0);
    }
}
