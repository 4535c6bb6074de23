package dev.scalelab.engine.train;

import dev.scalelab.core.spec.LossKind;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.model.MlpBatch;
import dev.scalelab.engine.model.ParameterTensors;

/** A step issued primitive by primitive; the losses come back to the host between loss and backward pass. */
final class EagerStep implements StepRunner {
    private final ComputeBackend backend;
    private final MlpBatch models;
    private final Workspace ws;
    private final ParameterTensors grads;
    private final ParameterUpdate update;
    private final LossKind loss;

    EagerStep(ComputeBackend backend, MlpBatch models, Workspace ws, ParameterTensors grads, ParameterUpdate update,
              LossKind loss) {
        this.backend = backend;
        this.models = models;
        this.ws = ws;
        this.grads = grads;
        this.update = update;
        this.loss = loss;
    }

    @Override
    public double[] run(long step) {
        ForwardPass.forward(backend, models, ws);
        double[] losses = backend.lossAndGradient(loss, ws.output(), ws.target, ws.outputGradient());
        ForwardPass.backward(backend, models, ws, grads);
        update.step(step, grads);
        return losses;
    }

    @Override
    public void close() {
    }
}
