package dev.scalelab.engine.cpu;

/**
 * {@code $SCALELAB_CPU_FUSED}: unset, the measured rule ({@link FusedRule}) picks the fused kernels or ND4J's
 * primitives for each shape; 1 uses the fused kernels for every shape; 0 never (ND4J primitive by primitive, and
 * ND4J's optimizer ops), to compare the two or to get around a problem. Anything else is a one-line error.
 */
public enum CpuFusedSetting {
    AUTO, ON, OFF;

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
        };
    }
}
