package dev.scalelab.engine.cpu;

/**
 * A tensor's elements in host memory, read and written in bulk by element index (row-major over [K, rows, cols]).
 * The fused CPU kernels copy one model's slice into Java arrays, work there, and write the results back; the
 * backend that owns the memory decides how it is reached (ND4J: the buffer's native address).
 */
public interface HostMemory {

    void get(long index, float[] into, int offset, int length);

    void get(long index, double[] into, int offset, int length);

    void put(long index, float[] from, int offset, int length);

    void put(long index, double[] from, int offset, int length);
}
