package dev.scalelab.engine.cpu;

/**
 * {@code $SCALELAB_CPU_FUSED}: unset, the measured rule ({@link FusedRule}) picks, for each shape, the fused kernels
 * or the GEMM path (ND4J's GEMMs with our own passes around them: {@link WidePasses}, {@link OnePassUpdate}); 1 uses
 * the fused kernels for every shape; 0 neither (ND4J op by op, as before issue 20), to compare or to get around a
 * problem. Anything else is a one-line error. {@link #GEMM} (the GEMM path for every shape) is not an environment
 * value: benchmarks use it to measure the rule's crossover.
 */
public enum CpuFusedSetting {
    AUTO, ON, OFF, GEMM;

    public static final String VARIABLE = dev.scalelab.core.env.Variable.CPU_FUSED.key();

    public static CpuFusedSetting fromEnvironment() {
        return parse(System.getenv(VARIABLE));
    }

    public static CpuFusedSetting parse(String value) {
        return dev.scalelab.core.env.Variable.CPU_FUSED.switchValue(value).map(on -> on ? ON : OFF).orElse(AUTO);
    }

    /** As recorded in run provenance: {@code auto}, {@code 1} or {@code 0}. */
    public String id() {
        return switch (this) {
            case AUTO -> "auto";
            case ON -> "1";
            case OFF -> "0";
            case GEMM -> "gemm";
        };
    }
}
