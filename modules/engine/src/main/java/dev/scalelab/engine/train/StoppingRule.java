package dev.scalelab.engine.train;

import dev.scalelab.core.spec.ModelSettings;

/**
 * When a model of a job stops, from the loss of its step and its own settings: a loss that is NaN or infinite
 * ends it as diverged, a loss below its target (when it has one) as having reached it, and its last budgeted step
 * as having used its budget; checked in that order.
 */
public final class StoppingRule {

    private StoppingRule() {
    }

    /** How model training ends with step {@code step} (1-based) of training loss {@code loss}; null: it goes on. */
    public static ModelStatus after(long step, double loss, ModelSettings settings) {
        if (!Double.isFinite(loss)) {
            return ModelStatus.DIVERGED;
        }
        if (settings.targetLoss() > 0 && loss < settings.targetLoss()) {
            return ModelStatus.REACHED_TARGET;
        }
        if (step >= settings.maxSteps()) {
            return ModelStatus.BUDGET_EXHAUSTED;
        }
        return null;
    }
}
