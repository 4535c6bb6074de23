package dev.scalelab.engine.cuda;

/**
 * Whether the training loop uses the fused small-MLP kernels where a shape allows them:
 * {@code $SCALELAB_CUDA_FUSED} = 1 (the default when unset), or 0 to issue the forward and backward passes
 * primitive by primitive (to compare the two, or to get around a problem with the fused kernels).
 */
final class FusedSetting {
    static final String VARIABLE = dev.scalelab.core.env.Variable.CUDA_FUSED.key();

    private FusedSetting() {
    }

    static boolean fromEnvironment() {
        return parse(System.getenv(VARIABLE));
    }

    static boolean parse(String value) {
        return dev.scalelab.core.env.Variable.CUDA_FUSED.switchValue(value).orElse(true);
    }
}
