package dev.scalelab.engine.cuda;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.scalelab.engine.compute.OutOfDeviceMemoryException;
import dev.scalelab.engine.compute.Precision;
import dev.scalelab.engine.compute.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A backend's device memory and the copies in and out of it: allocations (freed together by {@link #freeAll()}),
 * tensors and device scalars, and uploads and downloads through one reusable host staging buffer. Element type
 * follows the precision (float or double); device scalars are always doubles. Callers make the context current.
 */
final class CudaMemory {
    private final CudaContext context;
    private final String backendName;
    private final Precision precision;
    final int elementBytes;
    private final List<Long> allocations = new ArrayList<>();
    private Memory staging = new Memory(1 << 16);

    CudaMemory(CudaContext context, String backendName, Precision precision) {
        this.context = context;
        this.backendName = backendName;
        this.precision = precision;
        this.elementBytes = precision == Precision.FP64 ? 8 : 4;
    }

    /** {@code bytes} of device memory, {@code what} naming them in an out-of-memory error. */
    long allocate(long bytes, String what) {
        long[] ptr = new long[1];
        int r = CudaDriver.cuMemAlloc_v2(ptr, Math.max(bytes, 1));
        if (r == CudaDriver.CUDA_ERROR_OUT_OF_MEMORY) {
            CudaDevice device = context.device;
            throw new OutOfDeviceMemoryException(backendName, what, bytes, device.freeMemory(), device.totalMemory,
                    device.name);
        }
        CudaDriver.check(r, "cuMemAlloc_v2(" + bytes + ")");
        allocations.add(ptr[0]);
        return ptr[0];
    }

    /** A new [models, rows, cols] tensor of zeros. */
    CudaTensor tensor(int models, int rows, int cols) {
        long bytes = (long) models * rows * cols * elementBytes;
        CudaTensor t = new CudaTensor(allocate(bytes, "a [" + models + ", " + rows + ", " + cols + "] tensor"),
                models, rows, cols);
        zero(t);
        return t;
    }

    /**
     * Tensors of the given [K, rows, cols] shapes as consecutive pieces of one zeroed allocation (views by pointer
     * offset, added to {@code pieces} in order), and the [1, 1, total] tensor spanning them. No padding between
     * pieces, so the spanning tensor's element i is exactly the i-th element of the pieces in order (the layout
     * the optimizer's per-element learning rates follow).
     */
    CudaTensor contiguous(List<int[]> shapes, List<Tensor> pieces) {
        long total = 0;
        for (int[] s : shapes) {
            total += (long) s[0] * s[1] * s[2];
        }
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("contiguous buffer of " + total + " elements: at most "
                    + Integer.MAX_VALUE);
        }
        CudaTensor all = tensor(1, 1, (int) total);
        long offset = 0;
        for (int[] s : shapes) {
            pieces.add(new CudaTensor(all.pointer + offset * elementBytes, s[0], s[1], s[2], all.bf16, offset));
            offset += (long) s[0] * s[1] * s[2];
        }
        return all;
    }

    /** {@code n} device doubles set to zero. */
    CudaScalars scalars(int n) {
        CudaScalars scalars = new CudaScalars(allocate(8L * n, n + " device scalars"), n);
        if (n > 0) {
            CudaDriver.check(CudaDriver.cuMemsetD32Async(scalars.pointer(), 0, 2L * n, context.stream),
                    "cuMemsetD32Async");
        }
        return scalars;
    }

    long bytes(Tensor t) {
        return t.length() * elementBytes;
    }

    private Memory staging(long bytes) {
        if (staging.size() < bytes) {
            staging = new Memory(Math.max(bytes, staging.size() * 2));
        }
        return staging;
    }

    void upload(double[] values, Tensor into) {
        checkLength(values.length, into);
        Memory host = staging(bytes(into));
        if (precision == Precision.FP64) {
            host.write(0, values, 0, values.length);
        } else {
            float[] f = new float[values.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) values[i];
            }
            host.write(0, f, 0, f.length);
        }
        copyToDevice(host, into);
    }

    void upload(float[] values, Tensor into) {
        checkLength(values.length, into);
        Memory host = staging(bytes(into));
        if (precision == Precision.FP64) {
            double[] d = new double[values.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = values[i];
            }
            host.write(0, d, 0, d.length);
        } else {
            host.write(0, values, 0, values.length);
        }
        copyToDevice(host, into);
    }

    /** Pageable host memory: the call returns once the driver has staged the bytes, so {@code host} is reusable. */
    private void copyToDevice(Pointer host, Tensor into) {
        if (into.length() > 0) {
            CudaDriver.check(CudaDriver.cuMemcpyHtoDAsync_v2(((CudaTensor) into).pointer, host, bytes(into),
                    context.stream), "cuMemcpyHtoDAsync_v2");
        }
    }

    /** Copies {@code values} to the device memory at {@code pointer} (e.g. a table of device pointers). */
    void upload(long[] values, long pointer) {
        Memory host = staging(8L * values.length);
        host.write(0, values, 0, values.length);
        if (values.length > 0) {
            CudaDriver.check(CudaDriver.cuMemcpyHtoDAsync_v2(pointer, host, 8L * values.length, context.stream),
                    "cuMemcpyHtoDAsync_v2");
        }
    }

    private static void checkLength(int length, Tensor t) {
        if (length != t.length()) {
            throw new IllegalArgumentException("upload of " + length + " values into " + t);
        }
    }

    double[] download(Tensor tensor) {
        int n = (int) tensor.length();
        double[] out = new double[n];
        if (n == 0) {
            return out;
        }
        Memory host = staging(bytes(tensor));
        // Into pageable memory the copy returns only when it is complete (and after earlier work on the stream).
        CudaDriver.check(CudaDriver.cuMemcpyDtoHAsync_v2(host, ((CudaTensor) tensor).pointer, bytes(tensor),
                context.stream), "cuMemcpyDtoHAsync_v2");
        context.synchronize();
        if (precision == Precision.FP64) {
            host.read(0, out, 0, n);
        } else {
            float[] f = new float[n];
            host.read(0, f, 0, n);
            for (int i = 0; i < n; i++) {
                out[i] = f[i];
            }
        }
        return out;
    }

    /**
     * Copies model 0 of {@code from} ([1, rows, cols]) into each listed model of {@code to} ([K, rows, cols]) on
     * the device, one {@code cuMemcpyDtoDAsync_v2} per model, queued on the stream (the host does not wait).
     */
    void copyToModels(Tensor from, Tensor to, int[] models) {
        if (from.models() != 1 || from.rows() != to.rows() || from.cols() != to.cols()) {
            throw new IllegalArgumentException("copyToModels: [1, " + to.rows() + ", " + to.cols() + "] into ["
                    + to.models() + ", " + to.rows() + ", " + to.cols() + "] expected, got " + from);
        }
        long bytes = bytes(from);
        for (int m : models) {
            if (m < 0 || m >= to.models()) {
                throw new IllegalArgumentException("copyToModels: model " + m + " of " + to);
            }
        }
        if (bytes == 0) {
            return;
        }
        long src = ((CudaTensor) from).pointer;
        long base = ((CudaTensor) to).pointer;
        for (int m : models) {
            CudaDriver.check(CudaDriver.cuMemcpyDtoDAsync_v2(base + m * bytes, src, bytes, context.stream),
                    "cuMemcpyDtoDAsync_v2");
        }
    }

    /** Waits for the queued work and returns the scalars' values. */
    /** The first {@code count} of {@code scalars}. */
    double[] read(CudaScalars scalars, int count) {
        if (count < 0 || count > scalars.length()) {
            throw new IllegalArgumentException("read of " + count + " of " + scalars);
        }
        return read(new CudaScalars(scalars.pointer(), count));
    }

    double[] read(CudaScalars scalars) {
        int n = scalars.length();
        Memory host = staging(8L * n);
        if (n > 0) {
            CudaDriver.check(CudaDriver.cuMemcpyDtoHAsync_v2(host, scalars.pointer(), 8L * n, context.stream),
                    "cuMemcpyDtoHAsync_v2");
        }
        context.synchronize();
        return n == 0 ? new double[0] : host.getDoubleArray(0, n);
    }

    void zero(Tensor tensor) {
        long words = bytes(tensor) / 4;
        if (words > 0) {
            CudaDriver.check(CudaDriver.cuMemsetD32Async(((CudaTensor) tensor).pointer, 0, words, context.stream),
                    "cuMemsetD32Async");
        }
    }

    /** Frees one allocation from {@link #allocate} before the backend closes (scratch space). */
    void release(long pointer) {
        if (allocations.remove(Long.valueOf(pointer))) {
            CudaDriver.check(CudaDriver.cuMemFree_v2(pointer), "cuMemFree_v2");
        }
    }

    /** Waits for the queued work and returns {@code n} 16-bit values at {@code pointer} (BF16 copies, for tests). */
    short[] readBits(long pointer, int n) {
        short[] out = new short[n];
        if (n > 0) {
            Memory host = staging(2L * n);
            CudaDriver.check(CudaDriver.cuMemcpyDtoHAsync_v2(host, pointer, 2L * n, context.stream),
                    "cuMemcpyDtoHAsync_v2");
            context.synchronize();
            host.read(0, out, 0, n);
        }
        return out;
    }

    /** Frees every allocation (tensors and scalars handed out become invalid). */
    void freeAll() {
        for (long p : allocations) {
            CudaDriver.cuMemFree_v2(p);
        }
        allocations.clear();
    }
}
