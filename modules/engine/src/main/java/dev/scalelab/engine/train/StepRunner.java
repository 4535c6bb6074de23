package dev.scalelab.engine.train;

import dev.scalelab.core.spec.LossKind;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.compute.StepCapture;
import dev.scalelab.engine.model.MlpBatch;
import dev.scalelab.engine.model.ParameterTensors;
import java.util.Optional;

/**
 * One training step after its batch is in the workspace: forward, loss and gradient, backward, update. Returns
 * the K losses of the batch (before the update).
 */
interface StepRunner extends AutoCloseable {

    double[] run(long step);

    @Override
    void close();

    /**
     * Replayed steps where the backend can capture and the update is device work; every step eagerly otherwise
     * (always on backends without {@link ComputeBackend#stepCapture()}, such as ND4J). Either way the gradients
     * come from the backend's fused pass where it has one for this shape ({@link GradientPass}).
     */
    static StepRunner of(ComputeBackend backend, MlpBatch models, Workspace ws, ParameterTensors grads,
                         ParameterUpdate update, LossKind loss) {
        Optional<StepCapture> capture = backend.stepCapture();
        GradientPass pass = GradientPass.of(backend, models, ws, grads, loss);
        if (capture.isPresent() && update instanceof CapturableUpdate capturable) {
            StepCapture device = capture.get();
            return new ReplayedStep(device, models, pass, grads, capturable.onDevice(device));
        }
        return new EagerStep(pass, grads, update);
    }
}
