package dev.scalelab.core.config;

/** A problem with the value of one key of a resolved config; the loader adds file and line. */
public final class ConfigProblem extends Exception {
    private static final long serialVersionUID = 1L;
    private final String key;

    public ConfigProblem(String key, String message) {
        super(message);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
