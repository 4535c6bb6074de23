package dev.scalelab.engine.cuda;

/**
 * Whether the training loop uses the fused small-MLP kernels where a shape allows them:
 * {@code $SCALELAB_CUDA_FUSED} = 1 (the default when unset), or 0 to issue the forward and backward passes
 * primitive by primitive (to compare the two, or to get around a problem with the fused kernels).
 */
final class FusedSetting {
    static final String VARIABLE = "SCALELAB_CUDA_FUSED";

    private FusedSetting() {
    }

    static boolean fromEnvironment() {
        return parse(System.getenv(VARIABLE));
    }

    static boolean parse(String value) {
        return EnvironmentSwitch.parse(VARIABLE, value, "fused small-MLP kernels", "primitive by primitive");
    }
}
