package dev.scalelab.engine.selftest;

/**
 * One line of a self-test: what was compared ({@code group}: primitive, training, graphs, …; {@code name}: e.g.
 * {@code sumRows}), the measured disagreement, the tolerance it must stay within, and a note (e.g. a failure's
 * first bad value, or why a check did not run).
 */
public record Check(String group, String name, double error, double tolerance, Status status, String note) {

    public enum Status {
        PASS, FAIL, SKIPPED
    }

    public static Check measured(String group, String name, double error, double tolerance, String note) {
        boolean ok = error <= tolerance; // NaN fails
        return new Check(group, name, error, tolerance, ok ? Status.PASS : Status.FAIL, note);
    }

    public static Check failed(String group, String name, String note) {
        return new Check(group, name, Double.NaN, Double.NaN, Status.FAIL, note);
    }

    public static Check skipped(String group, String name, String note) {
        return new Check(group, name, Double.NaN, Double.NaN, Status.SKIPPED, note);
    }

    public boolean failed() {
        return status == Status.FAIL;
    }
}
