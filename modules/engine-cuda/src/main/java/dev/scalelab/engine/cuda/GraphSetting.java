package dev.scalelab.engine.cuda;

/**
 * Whether the training loop replays recorded CUDA graphs: {@code $SCALELAB_CUDA_GRAPHS} = 1 (the default when
 * unset), or 0 to issue every primitive of every step (to compare the two, or to get around a driver problem).
 */
final class GraphSetting {
    static final String VARIABLE = dev.scalelab.core.env.Variable.CUDA_GRAPHS.key();

    private GraphSetting() {
    }

    static boolean fromEnvironment() {
        return parse(System.getenv(VARIABLE));
    }

    static boolean parse(String value) {
        return dev.scalelab.core.env.Variable.CUDA_GRAPHS.switchValue(value).orElse(true);
    }
}
