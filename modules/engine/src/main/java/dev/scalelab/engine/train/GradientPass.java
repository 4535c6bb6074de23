package dev.scalelab.engine.train;

import dev.scalelab.core.spec.LossKind;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.compute.DeviceScalars;
import dev.scalelab.engine.compute.FusedPass;
import dev.scalelab.engine.compute.StepCapture;
import dev.scalelab.engine.model.MlpBatch;
import dev.scalelab.engine.model.ParameterTensors;
import java.util.Optional;

/**
 * The part of a step between the batch upload and the update: forward pass, loss and its gradient, backward
 * pass. The backend's fused pass where it offers one for this shape ({@link ComputeBackend#fusedPass}), else the
 * primitives one by one ({@link ForwardPass}); either way the step's gradients end up in {@code grads}.
 */
interface GradientPass {

    /** Runs the pass and returns the K losses. */
    double[] run();

    /** Queues the pass on {@code device} without waiting (for a recorded step); the K losses go to {@code losses}. */
    void queue(StepCapture device, DeviceScalars losses);

    static GradientPass of(ComputeBackend backend, MlpBatch models, Workspace ws, ParameterTensors grads,
                           LossKind loss) {
        Optional<FusedPass> fused = backend.fusedPass(models.spec(), loss, models.parameters().weights(),
                models.parameters().biases(), ws.input, ws.target, grads.weights(), grads.biases());
        if (fused.isPresent()) {
            FusedPass pass = fused.get();
            return new GradientPass() {
                @Override
                public double[] run() {
                    return pass.run();
                }

                @Override
                public void queue(StepCapture device, DeviceScalars losses) {
                    pass.queue(losses);
                }
            };
        }
        return new GradientPass() {
            @Override
            public double[] run() {
                ForwardPass.forward(backend, models, ws);
                double[] losses = backend.lossAndGradient(loss, ws.output(), ws.target, ws.outputGradient());
                ForwardPass.backward(backend, models, ws, grads);
                return losses;
            }

            @Override
            public void queue(StepCapture device, DeviceScalars losses) {
                ForwardPass.forward(backend, models, ws);
                device.lossAndGradient(loss, ws.output(), ws.target, ws.outputGradient(), losses);
                ForwardPass.backward(backend, models, ws, grads);
            }
        };
    }
}
