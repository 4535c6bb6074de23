package dev.scalelab.engine.train;

import dev.scalelab.engine.model.ParameterTensors;

/** A step issued call by call: the gradient pass (whose losses come back to the host), then the update. */
final class EagerStep implements StepRunner {
    private final GradientPass pass;
    private final ParameterTensors grads;
    private final ParameterUpdate update;

    EagerStep(GradientPass pass, ParameterTensors grads, ParameterUpdate update) {
        this.pass = pass;
        this.grads = grads;
        this.update = update;
    }

    @Override
    public double[] run(long step) {
        double[] losses = pass.run();
        update.step(step, grads);
        return losses;
    }

    @Override
    public void close() {
    }
}
