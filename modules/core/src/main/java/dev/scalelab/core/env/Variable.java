package dev.scalelab.core.env;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every {@code SCALELAB_*} environment variable ScaleLab reads, with the rule its value must follow. The CLI
 * checks them all at start-up ({@link #firstProblem}), so a bad value is one line naming the variable before
 * anything runs, never a configuration error recorded as a failed run.
 */
public enum Variable {
    STEPS_PER_LAUNCH("SCALELAB_STEPS_PER_LAUNCH", "steps per device launch",
            v -> wholeNumber(v, 1, Variable.MAX_STEPS_PER_LAUNCH)),
    CUDA_GRAPHS("SCALELAB_CUDA_GRAPHS", "1: replay CUDA graphs (default), 0: issue every primitive", Variable::onOff),
    CUDA_FUSED("SCALELAB_CUDA_FUSED", "1: fused small-MLP CUDA kernels (default), 0: unfused", Variable::onOff),
    CPU_FUSED("SCALELAB_CPU_FUSED", "1 or 0: force the fused small-MLP CPU path on or off", Variable::onOff),
    CUDA_DEVICE("SCALELAB_CUDA_DEVICE", "the CUDA device ordinal", v -> wholeNumber(v, 0, 1023)),
    CUDA_LIB_DIR("SCALELAB_CUDA_LIB_DIR", "folder holding libnvrtc and libcublas", Variable::path),
    CACHE("SCALELAB_CACHE", "cache folder (compiled kernels)", Variable::path),
    FASHION_MNIST("SCALELAB_FASHION_MNIST", "folder of the Fashion-MNIST IDX files", Variable::path),
    HOME("SCALELAB_HOME", "the checkout whose git commit provenance records", Variable::path),
    LAUNCHER("SCALELAB_LAUNCHER", "the launcher's path (set by ./scalelab)", Variable::path),
    OPENBLAS_CORETYPE("SCALELAB_OPENBLAS_CORETYPE", "OpenBLAS core type, or none (read by ./scalelab)",
            Variable::anything),
    OPENBLAS_CORETYPE_SOURCE("SCALELAB_OPENBLAS_CORETYPE_SOURCE", "auto, user or unset (set by ./scalelab)",
            v -> oneOf(v, "auto", "user", "unset")),
    JAVA_OPTS("SCALELAB_JAVA_OPTS", "JVM options (read by ./scalelab)", Variable::anything),
    REBUILD("SCALELAB_REBUILD", "1: rebuild before running (read by ./scalelab)", v -> oneOf(v, "0", "1")),
    TEST_HOLD("SCALELAB_TEST_HOLD", "tests only: stop at a named point", Variable::testHold);

    /** More steps per launch than any budget ScaleLab accepts would only cost memory ([S, K] losses). */
    public static final int MAX_STEPS_PER_LAUNCH = 1 << 20;

    private final String key;
    private final String meaning;
    private final Function<String, String> problem;

    Variable(String key, String meaning, Function<String, String> problem) {
        this.key = key;
        this.meaning = meaning;
        this.problem = problem;
    }

    public String key() {
        return key;
    }

    /** Why {@code value} is not valid for this variable, or null when it is (unset and blank are valid). */
    public String problem(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String p = problem.apply(value.trim());
        return p == null ? null : "$" + key + " (" + meaning + ") " + p + ", got '" + shorten(value) + "'";
    }

    /**
     * The first problem with {@code env}'s {@code SCALELAB_*} variables, as one line: a known one with a bad
     * value, or an unknown name (most likely a typo that would otherwise be ignored).
     */
    public static Optional<String> firstProblem(Map<String, String> env) {
        return env.entrySet().stream().filter(e -> e.getKey().startsWith("SCALELAB_")).sorted(Map.Entry
                .comparingByKey()).map(e -> {
                    Optional<Variable> v = find(e.getKey());
                    if (v.isEmpty()) {
                        return "$" + e.getKey() + " is not a ScaleLab variable (known: " + knownKeys()
                                + "); unset it";
                    }
                    return v.get().problem(e.getValue());
                }).filter(p -> p != null).findFirst();
    }

    /**
     * An on/off variable's value: empty when unset or blank, true for 1, false for 0; anything else is this
     * variable's one-line {@link #problem}.
     */
    public Optional<Boolean> switchValue(String value) {
        String p = problem(value);
        if (p != null) {
            throw new dev.scalelab.core.UserInputException(p);
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim().equals("1"));
    }

    public static Optional<Variable> find(String key) {
        for (Variable v : values()) {
            if (v.key.equals(key)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    private static String knownKeys() {
        StringBuilder sb = new StringBuilder();
        for (Variable v : values()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(v.key);
        }
        return sb.toString();
    }

    /** The whole number in {@code value}, for a variable whose rule {@link #wholeNumber} has checked. */
    public static int wholeNumber(String value) {
        return Integer.parseInt(value.trim());
    }

    private static String wholeNumber(String v, long min, long max) {
        try {
            long n = Long.parseLong(v);
            if (n >= min && n <= max) {
                return null;
            }
        } catch (NumberFormatException e) {
            // the line below
        }
        return "must be a whole number from " + min + " to " + max;
    }

    private static String onOff(String v) {
        return oneOf(v, "0", "1");
    }

    private static String oneOf(String v, String... allowed) {
        for (String a : allowed) {
            if (a.equals(v)) {
                return null;
            }
        }
        return "must be one of " + String.join(", ", allowed);
    }

    private static String path(String v) {
        return v.indexOf('\0') >= 0 ? "must be a path" : null;
    }

    private static String testHold(String v) {
        try {
            dev.scalelab.core.run.TestHold.parse(v);
            return null;
        } catch (IllegalArgumentException e) {
            return "must be POINT[:N][,run=ID]@MARKER_FILE";
        }
    }

    private static String anything(String v) {
        return null;
    }

    private static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
