package dev.scalelab.engine.cuda;

/** A CUDA, NVRTC or cuBLAS call that failed on a working installation (a bug or a device fault). */
public final class CudaException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int code;

    CudaException(String message, int code) {
        super(message);
        this.code = code;
    }

    /** The library's status code. */
    public int code() {
        return code;
    }
}
