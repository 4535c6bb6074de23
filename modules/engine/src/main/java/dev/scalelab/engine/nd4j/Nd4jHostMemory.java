package dev.scalelab.engine.nd4j;

import dev.scalelab.engine.cpu.HostMemory;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;

/** A dense ND4J buffer reached through its native address: bulk copies, bounds checked here. */
final class Nd4jHostMemory implements HostMemory {
    private final Pointer address;
    private final boolean doubles;
    private final long length;

    Nd4jHostMemory(Pointer address, boolean doubles, long length) {
        this.address = address;
        this.doubles = doubles;
        this.length = length;
    }

    private void check(long index, int count, boolean asDoubles) {
        if (asDoubles != doubles) {
            throw new IllegalArgumentException("a " + (doubles ? "double" : "float") + " buffer read as "
                    + (asDoubles ? "doubles" : "floats"));
        }
        if (index < 0 || count < 0 || index + count > length) {
            throw new IndexOutOfBoundsException(count + " elements at " + index + " of " + length);
        }
    }

    @Override
    public void get(long index, float[] into, int offset, int count) {
        check(index, count, false);
        new FloatPointer(address).position(index).get(into, offset, count);
    }

    @Override
    public void get(long index, double[] into, int offset, int count) {
        check(index, count, true);
        new DoublePointer(address).position(index).get(into, offset, count);
    }

    @Override
    public void put(long index, float[] from, int offset, int count) {
        check(index, count, false);
        new FloatPointer(address).position(index).put(from, offset, count);
    }

    @Override
    public void put(long index, double[] from, int offset, int count) {
        check(index, count, true);
        new DoublePointer(address).position(index).put(from, offset, count);
    }
}
