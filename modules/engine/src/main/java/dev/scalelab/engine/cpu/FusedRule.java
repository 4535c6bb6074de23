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
     * The FP32 layout rule, measured on the project's 2-core AVX-512 machine (2026-12-06, load 2-4, CpuFusedBench
     * fused only, {@code -Dscalelab.cpu.narrow=1} vs {@code 0}, Adam, batch 100; benchmarks/RESULTS.md "CPU narrow
     * kernels"): feature-major ({@link NarrowStepF32}) beat row-major ({@link MlpStepF32}) 2-6x where a hidden
     * layer is narrower than 16 (input 10, W = 4..13, depth 1, K = 100; input 64, W = 4, 8, 13, depth 2, K = 64),
     * and 1.6-2.6x with input 10 and W = 17, 20, 25, 40 (row-major computes the W mod 16 tail columns scalar);
     * row-major won 1.3x at input 10, W = 16, and 1.7-1.8x at input 64, W = 16, 32, 64 (no tail there, and
     * feature-major adds a 16-lane sum per weight and the input's transpose); they tied at input 10, W = 32, 64,
     * 150 and input 64, W = 24. So: feature-major when no layer has more than {@link #NARROW_MAX_LAYER_WEIGHTS}
     * weights and some hidden layer is narrower than 16, or the input has at most 16 features and some hidden
     * width is not a multiple of 16.
     */
    public static final long NARROW_MAX_LAYER_WEIGHTS = 2048;
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
        boolean narrowLayer = false;
        boolean tail = false;
        for (int l = 0; l < spec.layerCount(); l++) {
            if ((long) spec.fanIn(l) * spec.fanOut(l) > NARROW_MAX_LAYER_WEIGHTS) {
                return false;
            }
            if (l < spec.layerCount() - 1) {
                narrowLayer |= spec.fanOut(l) < NarrowStepF32.BLOCK;
                tail |= spec.fanOut(l) % NarrowStepF32.BLOCK != 0;
            }
        }
        return narrowLayer || spec.inputDim() <= NarrowStepF32.BLOCK && tail;
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
        String rule = "FP32 feature-major (vectorised over batch rows) when every layer has at most "
                + NARROW_MAX_LAYER_WEIGHTS + " weights and a hidden layer is narrower than 16, or the input has at most"
                + " 16 features and a hidden width is not a multiple of 16; else row-major (vectorised over output"
                + " columns); FP64 row-major";
        return switch (NARROW) {
            case "1" -> "FP32 feature-major for every shape (" + NARROW_PROPERTY + "=1); FP64 row-major";
            case "0" -> "row-major for every shape (" + NARROW_PROPERTY + "=0)";
            default -> rule;
        };
    }
}
