package dev.scalelab.engine.cuda;

/**
 * The BF16 copy of one device allocation (shared by the tensors that view it), kept by the BF16 mode for the
 * allocations that are product operands: made when the allocation is first multiplied, kept current by the kernels
 * that write the FP32 values, and re-rounded before a product when something else wrote them. Host-side
 * bookkeeping only; the bits live on the device.
 */
final class Bf16Copy {
    /** Elements of the allocation (the copy is 2 bytes each). */
    final long elements;
    /** Device address of the copy; 0 until the allocation is first multiplied. */
    long pointer;
    /** Whether FP32 values were written since the copy was last rounded from them. */
    boolean stale;

    Bf16Copy(long elements) {
        this.elements = elements;
    }

    boolean exists() {
        return pointer != 0;
    }

    /** The copy's address for a tensor {@code offset} elements in, or 0 when there is no copy. */
    long at(long offset) {
        return pointer == 0 ? 0 : pointer + 2 * offset;
    }
}
