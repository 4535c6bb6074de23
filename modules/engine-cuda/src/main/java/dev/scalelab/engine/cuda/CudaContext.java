package dev.scalelab.engine.cuda;

/**
 * A backend's place on its GPU: the device, the backend's own stream (all its work is queued there, in order), and
 * the rule that the device's primary context is current on whichever thread calls. One backend is driven from one
 * thread at a time; when the thread changes, the context is made current again.
 */
final class CudaContext {
    final CudaDevice device;
    final long stream;
    private Thread owner;
    private boolean closed;

    CudaContext(CudaDevice device) {
        this.device = device;
        ensureCurrent();
        long[] out = new long[1];
        CudaDriver.check(CudaDriver.cuStreamCreate(out, 0), "cuStreamCreate");
        stream = out[0];
    }

    /** Makes the context current on the calling thread if it changed; refuses once closed. */
    void ensureCurrent() {
        Thread t = Thread.currentThread();
        if (t != owner) {
            device.makeCurrent();
            owner = t;
        }
        if (closed) {
            throw new IllegalStateException("CUDA backend is closed");
        }
    }

    /** Waits until the work queued on the stream is done. */
    void synchronize() {
        ensureCurrent();
        CudaDriver.check(CudaDriver.cuStreamSynchronize(stream), "cuStreamSynchronize");
    }

    boolean closed() {
        return closed;
    }

    /** Makes the context current and waits for the stream, ignoring errors: the first half of closing. */
    void drain() {
        device.makeCurrent();
        owner = Thread.currentThread();
        CudaDriver.cuStreamSynchronize(stream);
    }

    /** Destroys the stream; call after {@link #drain()} and after everything that used the stream is released. */
    void close() {
        CudaDriver.cuStreamDestroy_v2(stream);
        closed = true;
    }
}
