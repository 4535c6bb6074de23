package dev.scalelab.engine.nd4j;

import dev.scalelab.engine.cpu.HostMemory;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.BytePointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A dense ND4J buffer as host memory: a direct NIO buffer over its native address, copied with the absolute bulk
 * {@code get}/{@code put} (a memory copy, no JNI call and no temporary array per copy, unlike JavaCPP's
 * {@code FloatPointer.get(float[], ...)}, which copies the whole Java array twice). Keeps the array alive; bounds
 * are checked on both sides.
 */
final class Nd4jHostMemory implements HostMemory {
    private final INDArray owner;
    private final FloatBuffer floats;
    private final DoubleBuffer doubles;
    private final int length;

    Nd4jHostMemory(INDArray owner, boolean asDoubles, long length) {
        if (length > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tensor of " + length + " elements is too long for host copies");
        }
        this.owner = owner;
        this.length = (int) length;
        long bytes = length * (asDoubles ? Double.BYTES : Float.BYTES);
        BytePointer base = new BytePointer(owner.data().addressPointer());
        base.position(0).capacity(bytes).limit(bytes);
        java.nio.ByteBuffer buffer = base.asByteBuffer().order(ByteOrder.nativeOrder());
        if (buffer.capacity() != bytes) {
            throw new IllegalStateException("a direct buffer of " + buffer.capacity() + " bytes for " + bytes);
        }
        this.floats = asDoubles ? null : buffer.asFloatBuffer();
        this.doubles = asDoubles ? buffer.asDoubleBuffer() : null;
    }

    private void check(long index, int count, int arrayLength, int offset, boolean asDoubles) {
        if (asDoubles != (doubles != null)) {
            throw new IllegalArgumentException("a " + (doubles != null ? "double" : "float") + " buffer used as "
                    + (asDoubles ? "doubles" : "floats") + " (" + owner.dataType() + ")");
        }
        if (index < 0 || count < 0 || index + count > length || offset < 0 || offset + count > arrayLength) {
            throw new IndexOutOfBoundsException(count + " elements at " + index + " of " + length + ", array offset "
                    + offset + " of " + arrayLength);
        }
    }

    @Override
    public void get(long index, float[] into, int offset, int count) {
        check(index, count, into.length, offset, false);
        floats.get((int) index, into, offset, count);
    }

    @Override
    public void get(long index, double[] into, int offset, int count) {
        check(index, count, into.length, offset, true);
        doubles.get((int) index, into, offset, count);
    }

    @Override
    public void put(long index, float[] from, int offset, int count) {
        check(index, count, from.length, offset, false);
        floats.put((int) index, from, offset, count);
    }

    @Override
    public void put(long index, double[] from, int offset, int count) {
        check(index, count, from.length, offset, true);
        doubles.put((int) index, from, offset, count);
    }
}
