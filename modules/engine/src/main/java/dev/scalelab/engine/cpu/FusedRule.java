package dev.scalelab.engine.cpu;

import dev.scalelab.core.spec.MlpSpec;

/**
 * Which shapes the CPU trains with the fused kernels ({@link CpuFusedPass}) rather than the GEMM path (OpenBLAS GEMMs
 * through ND4J with our own passes around them: {@link WidePasses}, {@link OnePassUpdate}), when
 * {@code $SCALELAB_CPU_FUSED} is unset. Measured on the project's idle 2-core AVX-512 machine (benchmarks/RESULTS.md,
 * "Issue 20 on an idle machine", 2026-12-06 07:39 UTC, {@code CpuFusedBench} fused vs {@link CpuFusedSetting#GEMM},
 * depth 2, batch 100, input 64, Adam, median of 3), fused / GEMM model-steps/s: W = 16, 32, 64: 1.6–6.2× at every
 * K; W = 128: 0.90× for one model, 1.19× and 1.27× for K = 8 and 64; W = 256: 0.65×, 0.80×, 0.99×; W = 512:
 * 0.34–0.77×. (The rule before, 256 × 256 and 128 × 128 for one model, was measured against ND4J op by op,
 * which the GEMM path has since overtaken.)
 */
public final class FusedRule {
    /** The largest layer (fan_in × fan_out weights) trained fused when several models share the cores. */
    public static final long MAX_LAYER_WEIGHTS = 128L * 128;
    /** The same for a job of one model. */
    public static final long MAX_LAYER_WEIGHTS_ONE_MODEL = 64L * 64;

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
