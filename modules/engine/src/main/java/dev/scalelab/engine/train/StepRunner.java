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

    /**
     * Steps {@code first} to {@code last} (at most {@link #stepsPerLaunch()}), with the losses of each:
     * {@code [step - first][model]}. Runners that stop models on the host take one step at a time.
     */
    default double[][] run(long first, long last) {
        if (first != last) {
            throw new IllegalArgumentException("one step at a time: " + first + " to " + last);
        }
        return new double[][] {run(first)};
    }

    /** The most steps one {@link #run(long, long)} takes: 1 unless the stopping rule runs on the device. */
    default int stepsPerLaunch() {
        return 1;
    }

    /**
     * After a run, the host's stops ({@code status[m]} null while model m trains, {@code stoppedAt[m]} its last
     * step); a runner that stops models on the device checks that it stopped the same ones at the same steps.
     */
    default void confirmStops(ModelStatus[] status, long[] stoppedAt) {
    }

    @Override
    void close();

    /**
     * Several steps per launch where the plan allows it (see {@link LaunchPlan}), the backend can capture and the
     * update can also freeze models on the device; replayed steps where the backend can capture and the update
     * is device work; every step eagerly otherwise (always on backends without
     * {@link ComputeBackend#stepCapture()}, such as ND4J). Either way the gradients come from the backend's fused
     * pass where it has one for this shape ({@link GradientPass}).
     */
    static StepRunner of(ComputeBackend backend, MlpBatch models, Workspace ws, ParameterTensors grads,
                         ParameterUpdate update, LossKind loss, LaunchPlan plan) {
        Optional<StepCapture> capture = backend.stepCapture();
        GradientPass pass = GradientPass.of(backend, models, ws, grads, loss);
        if (capture.isPresent() && update instanceof CapturableUpdate capturable) {
            StepCapture device = capture.get();
            DeviceUpdate onDevice = capturable.onDevice(device);
            if (plan.stepsPerLaunch() > 1 && onDevice.freezesOnDevice()) {
                return new LaunchedSteps(device, models, pass, grads, onDevice, plan.models(), plan.stepsPerLaunch());
            }
            return new ReplayedStep(device, models, pass, grads, onDevice);
        }
        return new EagerStep(pass, grads, update);
    }
}
