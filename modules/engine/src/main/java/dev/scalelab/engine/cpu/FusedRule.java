package dev.scalelab.engine.cpu;

import dev.scalelab.core.spec.MlpSpec;

/**
 * Which shapes the CPU trains with the fused kernels ({@link CpuFusedPass}) rather than ND4J's primitives
 * (OpenBLAS GEMMs), when {@code $SCALELAB_CPU_FUSED} is unset. Measured on the project's 2-core build machine
 * (benchmarks/RESULTS.md, "CPU fused kernels: crossover"): the fused pass wins while a layer's weights fit in the
 * core's cache next to its activations; ND4J's GEMMs win for wide layers.
 */
public final class FusedRule {
    /** The largest layer (fan_in × fan_out weights) trained fused. */
    public static final long MAX_LAYER_WEIGHTS = 256L * 256;

    private FusedRule() {
    }

    /** Whether K models of {@code spec} on batches of {@code rows} rows train fused. */
    public static boolean fused(MlpSpec spec, int models, int rows) {
        for (int l = 0; l < spec.layerCount(); l++) {
            if ((long) spec.fanIn(l) * spec.fanOut(l) > MAX_LAYER_WEIGHTS) {
                return false;
            }
        }
        return true;
    }

    /** The rule in words, for run provenance. */
    public static String describe() {
        return "fused when every layer has at most " + MAX_LAYER_WEIGHTS + " weights";
    }
}
