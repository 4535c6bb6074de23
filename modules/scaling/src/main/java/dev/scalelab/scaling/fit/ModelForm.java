package dev.scalelab.scaling.fit;

import java.util.LinkedHashMap;
import java.util.List;

/**
 * A scaling-law form fitted in log space: log L̂ = f(θ; u, v) with u = log(first variable), v = log(second).
 * Implementations are immutable and thread-safe.
 */
public interface ModelForm {
    /** Short name: power, chinchilla, kaplan. */
    String name();

    /** The formula, for reports. */
    String formula();

    /** Names of the fitted (internal) parameters θ, in order. */
    List<String> parameterNames();

    default int dimension() {
        return parameterNames().size();
    }

    /** log L̂ at (u, v); when {@code gradient} is non-null, writes ∂ log L̂ / ∂θ into it. */
    double logPredict(double[] theta, double u, double v, double[] gradient);

    /** The starting points of the multi-start search (may depend on the data). */
    List<double[]> starts(FitData data);

    /** The parameters a researcher reports (A, B, E, alpha, beta, ...), in order, each tied to its θ component. */
    List<Parameter> parameters();

    /** The reported parameters' values at θ, by name, in order. */
    default LinkedHashMap<String, Double> reported(double[] theta) {
        LinkedHashMap<String, Double> m = new LinkedHashMap<>();
        for (Parameter p : parameters()) {
            m.put(p.name(), p.value(theta));
        }
        return m;
    }

    /** Predicted loss at raw (not log) values of the variables. */
    default double predict(double[] theta, double first, double second) {
        return Math.exp(logPredict(theta, Math.log(first), second > 0 ? Math.log(second) : 0.0, null));
    }

    /** The summed log-space objective on {@code data}; forms may override it with a fused loop. */
    default DifferentiableFunction objective(FitData data, Penalty penalty) {
        return new LogSpaceObjective(this, data, penalty);
    }

    /** Whether the form has a second variable (D). */
    boolean joint();

    /** Evenly spaced values from {@code from} to {@code to} inclusive in steps of {@code step}. */
    static double[] range(double from, double to, double step) {
        int n = (int) Math.round((to - from) / step) + 1;
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = from + i * step;
        }
        return r;
    }
}
