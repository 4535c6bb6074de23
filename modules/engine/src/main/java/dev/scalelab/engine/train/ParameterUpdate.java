package dev.scalelab.engine.train;

import dev.scalelab.engine.model.ParameterTensors;

/**
 * What the training loop does with the gradients of a step. The usual answer is an {@link Optimizer} on the
 * models' own parameters; a reparameterised model (edge-popup trains scores that pick the weights) supplies its
 * own rule and writes the weights the next forward pass uses.
 */
public interface ParameterUpdate {

    /** Updates the K models after the backward pass of step {@code step} (1-based), given their gradients. */
    void step(long step, ParameterTensors gradients);

    /** Stops updating one model (it reached its target, diverged or used its budget); the others go on. */
    void freeze(int model);

    /**
     * Stops updating several models at once (those that stopped in one launch); the same as freezing them one by
     * one, which is what it does unless an update can do it in one go (the optimizer uploads its rates once).
     */
    default void freeze(int[] models) {
        for (int m : models) {
            freeze(m);
        }
    }

    /**
     * Multiplies model k's base learning rate by {@code factors[k]} from the next step on (a schedule, which runs
     * over each model's own budget); frozen models stay frozen. Updates without a learning rate refuse it.
     */
    default void scaleRates(double[] factors) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no learning-rate schedule");
    }
}
