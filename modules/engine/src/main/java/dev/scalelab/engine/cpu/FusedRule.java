package dev.scalelab.engine.cpu;

import dev.scalelab.core.spec.MlpSpec;

/**
 * Which shapes the CPU trains with the fused kernels ({@link CpuFusedPass}) rather than ND4J's primitives
 * (OpenBLAS GEMMs), when {@code $SCALELAB_CPU_FUSED} is unset. Measured on the project's 2-core build machine
 * (benchmarks/RESULTS.md, "CPU fused kernels (issue 20)", 2026-12-06, load 3.6–4.7; depth 2, batch 100, input 64):
 * fused/ND4J model-steps/s 2.2× (W = 16), 1.6× (W = 128) but 0.6× (W = 256) for one model, which uses one core;
 * 3–37× for K = 8 and 64 up to W = 128, 3.7× and 1.4× at W = 256. Wider layers were not measured and stay on ND4J.
 */
public final class FusedRule {
    /** The largest layer (fan_in × fan_out weights) trained fused when several models share the cores. */
    public static final long MAX_LAYER_WEIGHTS = 256L * 256;
    /** The same for a job of one model. */
    public static final long MAX_LAYER_WEIGHTS_ONE_MODEL = 128L * 128;

    private FusedRule() {
    }

    /** Whether K = {@code models} models of {@code spec} on batches of {@code rows} rows train fused. */
    public static boolean fused(MlpSpec spec, int models, int rows) {
        long limit = models == 1 ? MAX_LAYER_WEIGHTS_ONE_MODEL : MAX_LAYER_WEIGHTS;
        for (int l = 0; l < spec.layerCount(); l++) {
            if ((long) spec.fanIn(l) * spec.fanOut(l) > limit) {
                return false;
            }
        }
        return true;
    }

    /** The rule in words, for run provenance. */
    public static String describe() {
        return "fused when every layer has at most " + MAX_LAYER_WEIGHTS + " weights (" + MAX_LAYER_WEIGHTS_ONE_MODEL
                + " for one model)";
    }
}
