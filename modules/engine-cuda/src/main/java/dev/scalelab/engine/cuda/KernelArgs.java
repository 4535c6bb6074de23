package dev.scalelab.engine.cuda;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.scalelab.engine.compute.Precision;
import dev.scalelab.engine.compute.Tensor;

/**
 * The arguments of one kernel launch, packed for {@code cuLaunchKernel}: each value in its own 8-byte slot of one
 * native buffer, and an array of pointers to the slots. The two buffers are reused by every launch of a backend
 * (the driver copies the arguments at launch), so one packing is in use at a time: {@link #start()} begins the next.
 */
final class KernelArgs {
    static final int MAX = 16;

    private final Precision precision;
    private final Memory values = new Memory(8 * MAX);
    private final Memory pointers = new Memory(8 * MAX);
    private int count;
    private final Kernel.Slot[] kinds = new Kernel.Slot[MAX];
    private final CudaTensor[] tensors = new CudaTensor[MAX];

    KernelArgs(Precision precision) {
        this.precision = precision;
    }

    /** Empties the packing for the next launch. */
    KernelArgs start() {
        count = 0;
        return this;
    }

    /** The {@code kernelParams} array for {@code cuLaunchKernel}. */
    Pointer kernelParams() {
        return pointers;
    }

    private KernelArgs slot(Kernel.Slot kind) {
        if (count == MAX) {
            throw new IllegalStateException("more than " + MAX + " kernel arguments");
        }
        pointers.setPointer(8L * count, values.share(8L * count));
        kinds[count] = kind;
        tensors[count] = null;
        count++;
        return this;
    }

    /** The tensor packed into {@code slot} by {@link #ptr}, or null. */
    CudaTensor tensor(int slot) {
        return tensors[slot];
    }

    /** How many slots are packed. */
    int count() {
        return count;
    }

    /** What slot {@code i} holds, for {@link Kernel#check}. */
    Kernel.Slot kind(int i) {
        return kinds[i];
    }

    /** A tensor's device pointer (null: 0). */
    KernelArgs ptr(Tensor t) {
        raw(t == null ? 0 : ((CudaTensor) t).pointer);
        tensors[count - 1] = (CudaTensor) t;
        return this;
    }

    /** The slot of a BF16 copy ({@code bf16(i)} in the {@link Kernel} table): the launcher fills it in. */
    KernelArgs bf16Copy() {
        return raw(0);
    }

    /** Sets {@code slot}'s device pointer (the launcher's BF16 copies). */
    void patch(int slot, long devicePointer) {
        values.setLong(8L * slot, devicePointer);
    }

    KernelArgs raw(long devicePointer) {
        values.setLong(8L * count, devicePointer);
        return slot(Kernel.Slot.POINTER);
    }

    KernelArgs i64(long v) {
        values.setLong(8L * count, v);
        return slot(Kernel.Slot.I64);
    }

    KernelArgs i32(int v) {
        values.setInt(8L * count, v);
        return slot(Kernel.Slot.I32);
    }

    /** A double whatever the kernel's T. */
    KernelArgs f64(double v) {
        values.setDouble(8L * count, v);
        return slot(Kernel.Slot.F64);
    }

    /** A T-typed scalar: float for FP32 kernels, double for FP64. */
    KernelArgs real(double v) {
        if (precision == Precision.FP64) {
            values.setDouble(8L * count, v);
        } else {
            values.setFloat(8L * count, (float) v);
        }
        return slot(Kernel.Slot.REAL);
    }
}
