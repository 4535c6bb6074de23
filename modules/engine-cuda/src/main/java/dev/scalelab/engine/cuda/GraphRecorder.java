package dev.scalelab.engine.cuda;

/**
 * Records the work a backend queues on its stream as a CUDA graph ({@code cuStreamBeginCapture_v2} …
 * {@code cuGraphInstantiateWithFlags}) and replays graphs on that stream, counting the replays.
 */
final class GraphRecorder {
    private final CudaContext context;
    private long launches;

    GraphRecorder(CudaContext context) {
        this.context = context;
    }

    /** Records what {@code body} queues, without running it; a failure names the recording and the way out. */
    CudaGraph capture(Runnable body) {
        long stream = context.stream;
        CudaDriver.check(CudaDriver.cuStreamBeginCapture_v2(stream, CudaDriver.CU_STREAM_CAPTURE_MODE_THREAD_LOCAL),
                "cuStreamBeginCapture_v2");
        try {
            body.run();
        } catch (CudaException e) {
            abandon();
            throw whileRecording(e);
        } catch (RuntimeException | Error e) {
            abandon();
            throw e;
        }
        try {
            long[] graph = new long[1];
            CudaDriver.check(CudaDriver.cuStreamEndCapture(stream, graph), "cuStreamEndCapture");
            long[] exec = new long[1];
            int instantiated = CudaDriver.cuGraphInstantiateWithFlags(exec, graph[0], 0);
            if (instantiated != 0) {
                CudaDriver.cuGraphDestroy(graph[0]);
            }
            CudaDriver.check(instantiated, "cuGraphInstantiateWithFlags");
            return new CudaGraph(this, graph[0], exec[0]);
        } catch (CudaException e) {
            throw whileRecording(e);
        }
    }

    /** Ends a capture whose body failed, so the stream works again; the partial graph is dropped. */
    private void abandon() {
        long[] graph = new long[1];
        if (CudaDriver.cuStreamEndCapture(context.stream, graph) == 0 && graph[0] != 0) {
            CudaDriver.cuGraphDestroy(graph[0]);
        }
    }

    private static CudaException whileRecording(CudaException e) {
        return new CudaException(e.getMessage() + " while recording a training step as a CUDA graph ($"
                + GraphSetting.VARIABLE + "=0 trains without graphs)", e.code());
    }

    /** Queues one replay of an instantiated graph. */
    void launch(long exec) {
        context.ensureCurrent();
        CudaDriver.check(CudaDriver.cuGraphLaunch(exec, context.stream), "cuGraphLaunch");
        launches++;
    }

    /** Waits for the stream (before a graph is destroyed). */
    void synchronize() {
        context.synchronize();
    }

    /** How many replays have been queued. */
    long launches() {
        return launches;
    }
}
