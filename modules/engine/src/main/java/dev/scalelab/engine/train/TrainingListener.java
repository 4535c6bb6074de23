package dev.scalelab.engine.train;

/** Receives logged metrics as training goes (called on the training thread). */
@FunctionalInterface
public interface TrainingListener {
    TrainingListener NONE = metrics -> { };

    void onMetrics(StepMetrics metrics);
}
