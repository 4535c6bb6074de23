package dev.scalelab.engine.train;

/** How one model's training ended. */
public enum ModelStatus {
    /** The training loss went below the target loss. */
    REACHED_TARGET,
    /** The step budget ran out first. */
    BUDGET_EXHAUSTED,
    /** The loss became NaN or infinite; the model was stopped there. */
    DIVERGED
}
