package dev.scalelab.engine.cpu;

/** Host memory on a Java array (float or double), for the kernels without ND4J. */
final class ArrayMemory implements HostMemory {
    final float[] floats;
    final double[] doubles;

    ArrayMemory(float[] floats) {
        this.floats = floats;
        this.doubles = null;
    }

    ArrayMemory(double[] doubles) {
        this.floats = null;
        this.doubles = doubles;
    }

    static ArrayMemory of(double[] values, boolean fp64) {
        if (fp64) {
            return new ArrayMemory(values.clone());
        }
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return new ArrayMemory(f);
    }

    double[] values() {
        if (doubles != null) {
            return doubles.clone();
        }
        double[] d = new double[floats.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = floats[i];
        }
        return d;
    }

    @Override
    public void get(long index, float[] into, int offset, int length) {
        System.arraycopy(floats, (int) index, into, offset, length);
    }

    @Override
    public void get(long index, double[] into, int offset, int length) {
        System.arraycopy(doubles, (int) index, into, offset, length);
    }

    @Override
    public void put(long index, float[] from, int offset, int length) {
        System.arraycopy(from, offset, floats, (int) index, length);
    }

    @Override
    public void put(long index, double[] from, int offset, int length) {
        System.arraycopy(from, offset, doubles, (int) index, length);
    }
}
