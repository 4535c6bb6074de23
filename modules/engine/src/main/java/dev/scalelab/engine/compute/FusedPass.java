package dev.scalelab.engine.compute;

/**
 * A backend's forward pass, loss with its gradient, and backward pass of K MLPs in one piece of device work,
 * bound to the tensors it was made for (see {@link ComputeBackend#fusedPass}). It computes what the primitives
 * issued one by one compute: the K losses and every weight and bias gradient (gradients are written, not added).
 */
public interface FusedPass {

    /** Queues the pass without waiting; the K losses go to {@code losses} (see {@link StepCapture#read}). */
    void queue(DeviceScalars losses);

    /** Runs the pass and returns the K losses. */
    double[] run();
}
