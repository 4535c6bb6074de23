package dev.scalelab.core.config;

import dev.scalelab.core.UserInputException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A sweep as loaded from its YAML file (and changed by overrides): how to search ({@code method}, and for
 * random search {@code sweepSeed} and {@code runCap}), the swept {@code parameters} by field key, and the fixed
 * settings by field key. {@code lines} maps each key (and {@code parameters.<key>}) to where it was written,
 * for error messages; {@code source} is the file as the user named it.
 */
public record SweepConfig(String source, String name, Method method, long sweepSeed, int runCap,
                          Map<String, ParameterSpec> parameters, Map<String, Object> fixed,
                          Map<String, Integer> lines) {

    public enum Method { GRID, RANDOM }

    public SweepConfig {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        fixed = Collections.unmodifiableMap(new LinkedHashMap<>(fixed));
        lines = Collections.unmodifiableMap(new LinkedHashMap<>(lines));
    }

    /**
     * This sweep if it makes sense as a whole, else the one-line problem. Called after the file is read and
     * again after overrides, so {@code -o} meets exactly the checks the file does.
     */
    public SweepConfig checked() {
        if (method == Method.RANDOM && runCap == 0) {
            String at = lines.containsKey("override:method") ? "override method" : source + ":" + lineOf("method");
            throw new UserInputException(at + ": run_cap: random search needs run_cap, the number of runs");
        }
        if (runCap > SweepExpander.MAX_RUNS) {
            throw new UserInputException(where("run_cap") + ": must be at most " + SweepExpander.MAX_RUNS
                    + " (the most runs one sweep may have), got " + runCap);
        }
        if (method == Method.GRID) {
            for (ParameterSpec p : parameters.values()) {
                if (!p.discrete()) {
                    throw new UserInputException(where(p.key()) + ": grid search needs values, not a "
                            + p.distribution().id() + " distribution (use method: random)");
                }
            }
        }
        return this;
    }

    /** Line of a key for messages: where it was swept or fixed, else 1. */
    public int lineOf(String key) {
        ParameterSpec p = parameters.get(key);
        if (p != null && p.line() > 0) {
            return p.line();
        }
        return lines.getOrDefault(key, lines.getOrDefault(key.contains(".") ? key.substring(0, key.indexOf('.'))
                : key, 1));
    }

    /** Where a key was written, as {@code file:line: path}: the prefix of every config error about it. */
    public String where(String key) {
        ParameterSpec p = parameters.get(key);
        if (p != null) {
            return p.line() == 0 ? "override " + p.name() : source + ":" + p.line() + ": parameters." + p.name();
        }
        if (lines.containsKey("override:" + key)) {
            return "override " + key;
        }
        return source + ":" + lineOf(key) + ": " + key;
    }
}
