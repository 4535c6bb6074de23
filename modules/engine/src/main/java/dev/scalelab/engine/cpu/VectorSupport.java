package dev.scalelab.engine.cpu;

/**
 * Whether the fused FP32 kernels can use the Java Vector API ({@code jdk.incubator.vector}, resolved with
 * {@code --add-modules jdk.incubator.vector}: the launcher, surefire and the bundle add it) with at least 4 float
 * lanes. Without it the scalar kernels run, with bit-identical results (see {@link GemmF32}).
 */
public final class VectorSupport {
    private static final int LANES = probe();

    private VectorSupport() {
    }

    public static boolean available() {
        return LANES >= 4;
    }

    /** In words for provenance, e.g. {@code vector 512-bit} or {@code scalar (jdk.incubator.vector not resolved)}. */
    public static String describe() {
        if (LANES == -1) {
            return "scalar (jdk.incubator.vector not resolved)";
        }
        return available() ? "vector " + (LANES * 32) + "-bit" : "scalar (" + LANES + " float lanes)";
    }

    private static int probe() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return -1;
        }
        try {
            return GemmF32Vector.lanes();
        } catch (LinkageError e) {
            return -1;
        }
    }
}
