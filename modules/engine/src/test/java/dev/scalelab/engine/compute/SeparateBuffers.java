package dev.scalelab.engine.compute;

import java.util.List;

/**
 * A backend without contiguous parameter buffers: every piece is its own allocation and
 * {@link #allocateContiguous} returns null, so the optimizer steps tensor by tensor with per-model rates (the path
 * to compare the one-call step with). Closing it leaves the wrapped backend open.
 */
public final class SeparateBuffers extends ForwardingBackend {
    public SeparateBuffers(ComputeBackend inner) {
        super(inner);
    }

    @Override
    public Tensor allocateContiguous(List<int[]> shapes, List<Tensor> pieces) {
        for (int[] s : shapes) {
            pieces.add(allocate(s[0], s[1], s[2]));
        }
        return null;
    }

    @Override
    public void close() {
        // The wrapped backend is closed by its owner.
    }
}
