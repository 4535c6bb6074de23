package dev.scalelab.engine.cuda;

import dev.scalelab.engine.compute.StepGraph;

/** A captured sequence of GPU work (see {@link CudaBackend#capture}), replayed with one driver call. */
public final class CudaGraph implements StepGraph {
    private final GraphRecorder recorder;
    private final long graph;
    private final long exec;
    private boolean closed;

    CudaGraph(GraphRecorder recorder, long graph, long exec) {
        this.recorder = recorder;
        this.graph = graph;
        this.exec = exec;
    }

    /** Queues one replay on the backend's stream (asynchronous; {@link CudaBackend#synchronize()} waits). */
    @Override
    public void launch() {
        if (closed) {
            throw new IllegalStateException("graph is closed");
        }
        recorder.launch(exec);
    }

    @Override
    public void close() {
        if (!closed) {
            recorder.synchronize();
            CudaDriver.cuGraphExecDestroy(exec);
            CudaDriver.cuGraphDestroy(graph);
            closed = true;
        }
    }
}
