package dev.scalelab.engine.selftest;

/**
 * How much a self-test trains: {@code steps} FP32 steps per activation × loss × optimizer (and for the graph and
 * fast-mode checks), and {@code batchedModels} models for the batched-equals-one-by-one check, trained
 * {@code batchedSteps} steps.
 */
public record SelfTestSettings(int steps, int batchedModels, int batchedSteps) {
    /** What {@code scalelab doctor --gpu-test} runs on a GPU. */
    public static final SelfTestSettings FULL = new SelfTestSettings(200, 64, 50);

    public SelfTestSettings {
        if (steps < 1 || batchedModels < 1 || batchedSteps < 1) {
            throw new IllegalArgumentException("self-test sizes must be positive: " + steps + ", " + batchedModels
                    + ", " + batchedSteps);
        }
    }
}
