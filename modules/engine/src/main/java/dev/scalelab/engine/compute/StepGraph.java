package dev.scalelab.engine.compute;

/** A recorded sequence of primitives (see {@link StepCapture#capture}), replayed with one call. */
public interface StepGraph extends AutoCloseable {

    /** Queues one replay: the recorded work runs again on the same tensors, reading their current contents. */
    void launch();

    @Override
    void close();
}
