package dev.scalelab.scaling.fit;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reported parameters of a form held at given values ({@code fit --fix L_inf=0}): the optimiser moves only the
 * free components of θ, and every θ outside this class is the full one, the fixed components filled in.
 */
public final class FixedParameters {
    private final Map<String, Double> values;
    private final int[] free;
    private final double[] template;

    private FixedParameters(Map<String, Double> values, int[] free, double[] template) {
        this.values = values;
        this.free = free;
        this.template = template;
    }

    /** Nothing fixed. */
    public static FixedParameters none(ModelForm form) {
        return of(form, Map.of());
    }

    /**
     * {@code byName}: parameter name → value; a name matches the form's reported name ignoring case and underscores
     * (L_inf, Linf, linf). Refuses, with one line naming {@code --fix}, a name the form does not have, a name given
     * twice, a value outside the parameter's domain, and fixing every parameter.
     */
    public static FixedParameters of(ModelForm form, Map<String, Double> byName) {
        double[] template = new double[form.dimension()];
        Arrays.fill(template, Double.NaN);
        Map<String, Double> values = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : byName.entrySet()) {
            String given = e.getKey() + "=" + text(e.getValue());
            Parameter p = lookup(form, e.getKey());
            if (p == null) {
                throw new IllegalArgumentException("--fix " + given + ": the " + form.name() + " form has no parameter '"
                        + e.getKey() + "' (its parameters: " + String.join(", ", names(form)) + ")");
            }
            if (values.containsKey(p.name())) {
                throw new IllegalArgumentException("--fix " + given + ": " + p.name() + " is already fixed at "
                        + text(values.get(p.name())));
            }
            if (!p.domain().contains(e.getValue())) {
                throw new IllegalArgumentException("--fix " + given + ": " + p.name() + " must be "
                        + p.domain().describe());
            }
            values.put(p.name(), e.getValue());
            template[p.index()] = p.theta(e.getValue());
        }
        if (values.size() == form.dimension()) {
            throw new IllegalArgumentException("--fix fixes every parameter of the " + form.name() + " form ("
                    + String.join(", ", values.keySet()) + "): leave at least one to fit");
        }
        Map<String, Double> ordered = new LinkedHashMap<>();
        for (Parameter p : form.parameters()) { // the form's order, whatever the order given
            if (values.containsKey(p.name())) {
                ordered.put(p.name(), values.get(p.name()));
            }
        }
        int[] free = java.util.stream.IntStream.range(0, template.length).filter(k -> Double.isNaN(template[k]))
                .toArray();
        return new FixedParameters(java.util.Collections.unmodifiableMap(ordered), free, template);
    }

    private static Parameter lookup(ModelForm form, String name) {
        for (Parameter p : form.parameters()) {
            if (canonical(p.name()).equals(canonical(name))) {
                return p;
            }
        }
        return null;
    }

    private static String canonical(String name) {
        return name.trim().replace("_", "").toLowerCase(Locale.ROOT);
    }

    private static List<String> names(ModelForm form) {
        return form.parameters().stream().map(Parameter::name).toList();
    }

    private static String text(double v) {
        return Double.isFinite(v) ? BigDecimal.valueOf(v).stripTrailingZeros().toPlainString() : Double.toString(v);
    }

    /** The fixed parameters' values by reported name, in the form's order; empty when none. */
    public Map<String, Double> values() {
        return values;
    }

    /** Whether the reported parameter {@code name} is fixed. */
    public boolean fixes(String name) {
        return values.containsKey(name);
    }

    /** Whether θ component {@code k} is fixed. */
    public boolean fixesTheta(int k) {
        return !Double.isNaN(template[k]);
    }

    /** How many components of θ are fitted. */
    public int freeDimension() {
        return free.length;
    }

    /** The free components of a full θ. */
    public double[] free(double[] full) {
        double[] x = new double[free.length];
        for (int i = 0; i < free.length; i++) {
            x[i] = full[free[i]];
        }
        return x;
    }

    /** The full θ: the free components given, the fixed ones filled in. */
    public double[] full(double[] x) {
        double[] t = template.clone();
        for (int i = 0; i < free.length; i++) {
            t[free[i]] = x[i];
        }
        return t;
    }

    /** Full-θ starts reduced to their free components, each distinct one once, in order. */
    public List<double[]> starts(List<double[]> full) {
        Set<List<Double>> seen = new LinkedHashSet<>();
        List<double[]> out = new ArrayList<>();
        for (double[] t : full) {
            double[] x = free(t);
            if (seen.add(Arrays.stream(x).boxed().toList())) {
                out.add(x);
            }
        }
        return out;
    }

    /** {@code f} of the full θ as a function of the free components (value and gradient). */
    public DifferentiableFunction restrict(DifferentiableFunction f) {
        if (free.length == template.length) {
            return f;
        }
        return (x, g) -> {
            double[] grad = new double[template.length];
            double v = f.valueAndGradient(full(x), grad);
            for (int i = 0; i < free.length; i++) {
                g[i] = grad[free[i]];
            }
            return v;
        };
    }

    /** A multi-start result over the free components, its optimum and optima made full. */
    MultiStartResult full(MultiStartResult r) {
        if (free.length == template.length || r.theta() == null) {
            return r;
        }
        return new MultiStartResult(full(r.theta()), r.objective(), r.starts(), r.reachedBest(), r.converged(),
                r.failed(), r.bestStartIndex(), r.bestIterations(), r.optima().stream().map(this::full).toList(),
                r.bestConverged(), r.bestStop());
    }
}
