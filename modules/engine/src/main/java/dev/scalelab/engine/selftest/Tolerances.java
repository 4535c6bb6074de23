package dev.scalelab.engine.selftest;

/**
 * What a self-test allows, stated once (printed with every check). The TF32 and BF16 bounds leave a margin of 4-16×
 * over the reference with its product inputs rounded to nearest to 10 and 7 mantissa bits (measured 2026-11-29,
 * FP64 accumulation): products 3.1e-4 and 2.5e-3, the 200-step tanh/MSE/Adam job 4.0e-3 and 2.4e-2. Primitive errors are infinity-norm relative
 * ({@code max|x − ref| / max|ref|}); loss trajectories are compared step by step, each loss relative to the
 * reference's with a floor of {@link #LOSS_FLOOR} for losses near zero.
 */
final class Tolerances {
    /**
     * FP32 primitives against the FP64 reference: float rounding on 64-term sums (2.5e-7 measured on an H200).
     * Tight enough to catch an optimizer constant rounded in float: 1 − (float) 0.999 is 1.3e-5 off, which once
     * biased every CUDA Adam step by that much (the kernel now takes 1 − β from the host in double: 9e-8).
     */
    static final double FP32_PRIMITIVE = 2e-6;
    /** FP32 training against the FP64 reference, every step's loss. */
    static final double FP32_TRAINING = 1e-4;
    /** Graphs on against off: the same kernels and GEMM calls, so equal up to nothing but ordering noise. */
    static final double GRAPHS = 1e-6;
    /** K models batched against each alone. */
    static final double BATCHED = 1e-4;
    /** TF32 products (10-bit mantissa inputs, FP32 accumulation) against FP64: 64-term inner products. */
    static final double TF32_PRODUCT = 5e-3;
    /** BF16 products (7-bit mantissa inputs, FP32 accumulation) against FP64. */
    static final double BF16_PRODUCT = 3e-2;
    /** TF32 training: every step's loss against the FP64 reference. */
    static final double TF32_TRAINING = 2e-2;
    /** BF16 training: every step's loss against the FP64 reference. */
    static final double BF16_TRAINING = 1e-1;
    static final double LOSS_FLOOR = 1e-3;

    private Tolerances() {
    }
}
