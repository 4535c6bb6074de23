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

    /**
     * The widest hidden or output layer of a model trained feature-major in FP32 ({@link NarrowStepF32},
     * vectorised over the batch rows) rather than row-major ({@link MlpStepF32}, vectorised over output columns).
     */
    public static final int NARROW_MAX_WIDTH = 32;
    /** {@code -Dscalelab.cpu.narrow=auto|1|0}: the rule ({@link #narrow}), always, or never (to compare them). */
    public static final String NARROW_PROPERTY = "scalelab.cpu.narrow";
    private static final String NARROW = System.getProperty(NARROW_PROPERTY, "auto");

    private FusedRule() {
    }

    /** Whether a fused FP32 pass over {@code spec} and batches of {@code rows} rows runs feature-major. */
    public static boolean narrow(MlpSpec spec, int rows) {
        if (NARROW.equals("1") || NARROW.equals("0")) {
            return NARROW.equals("1");
        }
        for (int l = 0; l < spec.layerCount(); l++) {
            if (spec.fanOut(l) > NARROW_MAX_WIDTH) {
                return false;
            }
        }
        return true;
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

    /** The layout rule of the fused FP32 pass in words, for run provenance ({@code cpu_fused_layout}). */
    public static String describeLayout() {
        String rule = "FP32 feature-major (vectorised over batch rows) when every hidden and output layer has at most "
                + NARROW_MAX_WIDTH + " units, else row-major (vectorised over output columns); FP64 row-major";
        return switch (NARROW) {
            case "1" -> "FP32 feature-major for every shape (" + NARROW_PROPERTY + "=1); FP64 row-major";
            case "0" -> "row-major for every shape (" + NARROW_PROPERTY + "=0)";
            default -> rule;
        };
    }
}
