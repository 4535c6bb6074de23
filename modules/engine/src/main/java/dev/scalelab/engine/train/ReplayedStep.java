package dev.scalelab.engine.train;

import dev.scalelab.engine.compute.DeviceScalars;
import dev.scalelab.engine.compute.StepCapture;
import dev.scalelab.engine.compute.StepGraph;
import dev.scalelab.engine.model.MlpBatch;
import dev.scalelab.engine.model.ParameterTensors;

/**
 * A step recorded once and replayed: the first step runs its work directly (so every lazy set-up, allocation and
 * kernel load happens outside the recording), the second records it, and every step from the second on is one
 * replay followed by one read of the K losses, the step's only wait. Between replays the loop uploads batches
 * and learning rates into the same tensors, which the recording reads.
 */
final class ReplayedStep implements StepRunner {
    private final StepCapture device;
    private final DeviceScalars losses;
    private final Runnable work;
    private StepGraph graph;
    private long nextStep = 1;

    ReplayedStep(StepCapture device, MlpBatch models, GradientPass pass, ParameterTensors grads,
                 DeviceUpdate update) {
        this.device = device;
        this.losses = device.allocateScalars(models.models());
        this.work = () -> {
            pass.queue(device, losses);
            update.queueStep(grads);
        };
    }

    @Override
    public double[] run(long step) {
        // The update counts its own steps on the device, so steps must come one after another from 1.
        if (step != nextStep) {
            throw new IllegalStateException("replayed steps run in order: expected step " + nextStep + ", got "
                    + step);
        }
        if (step == 1) {
            work.run();
        } else {
            if (graph == null) {
                graph = device.capture(work);
            }
            graph.launch();
        }
        nextStep++;
        return device.read(losses);
    }

    @Override
    public void close() {
        if (graph != null) {
            graph.close();
        }
    }
}
