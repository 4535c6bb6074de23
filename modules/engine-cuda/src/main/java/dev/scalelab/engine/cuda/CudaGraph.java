package dev.scalelab.engine.cuda;

import dev.scalelab.engine.compute.StepGraph;

/** A captured sequence of GPU work (see {@link CudaBackend#capture}), replayed with one driver call. */
public final class CudaGraph implements StepGraph {
    private final CudaBackend backend;
    private final long graph;
    private final long exec;
    private boolean closed;

    CudaGraph(CudaBackend backend, long graph, long exec) {
        this.backend = backend;
        this.graph = graph;
        this.exec = exec;
    }

    /** Queues one replay on the backend's stream (asynchronous; {@link CudaBackend#synchronize()} waits). */
    @Override
    public void launch() {
        if (closed) {
            throw new IllegalStateException("graph is closed");
        }
        backend.launchGraph(exec);
    }

    @Override
    public void close() {
        if (!closed) {
            backend.synchronize();
            CudaDriver.cuGraphExecDestroy(exec);
            CudaDriver.cuGraphDestroy(graph);
            closed = true;
        }
    }
}
