package dev.scalelab.scaling.fit;

import java.util.ArrayList;
import java.util.List;

/**
 * Hoffmann et al. (2022), Approach 3: L(N, D) = E + A·N^-α + B·D^-β, fitted as
 * log L̂ = LSE(a − α·log N, b − β·log D, e) with A = e^a, B = e^b, E = e^e. θ = (a, b, e, α, β).
 *
 * <p>The default start grid is the published one: α, β ∈ {0, 0.5, …, 2}, e ∈ {−1, −0.5, …, 1},
 * a, b ∈ {0, 5, …, 25} (5·5·5·6·6 = 4,500 starts).
 */
public final class ChinchillaForm implements ModelForm {
    /** The start grid, one axis per parameter. */
    public record Grid(double[] alpha, double[] beta, double[] e, double[] a, double[] b) {
        public static Grid published() {
            return new Grid(ModelForm.range(0, 2, 0.5), ModelForm.range(0, 2, 0.5), ModelForm.range(-1, 1, 0.5),
                    ModelForm.range(0, 25, 5), ModelForm.range(0, 25, 5));
        }

        public int size() {
            return alpha.length * beta.length * e.length * a.length * b.length;
        }
    }

    private final Grid grid;

    public ChinchillaForm() {
        this(Grid.published());
    }

    public ChinchillaForm(Grid grid) {
        this.grid = grid;
    }

    @Override
    public String name() {
        return "chinchilla";
    }

    @Override
    public String formula() {
        return "L = E + A*N^-alpha + B*D^-beta  (log L = LSE(a - alpha*log N, b - beta*log D, e))";
    }

    @Override
    public List<String> parameterNames() {
        return List.of("a", "b", "e", "alpha", "beta");
    }

    @Override
    public boolean joint() {
        return true;
    }

    @Override
    public double logPredict(double[] t, double u, double v, double[] g) {
        double p1 = t[0] - t[3] * u;
        double p2 = t[1] - t[4] * v;
        double p3 = t[2];
        double m = Math.max(p1, Math.max(p2, p3));
        double e1 = Math.exp(p1 - m);
        double e2 = Math.exp(p2 - m);
        double e3 = Math.exp(p3 - m);
        double s = e1 + e2 + e3;
        if (g != null) {
            double inv = 1.0 / s;
            double w1 = e1 * inv;
            double w2 = e2 * inv;
            g[0] = w1;
            g[1] = w2;
            g[2] = e3 * inv;
            g[3] = -w1 * u;
            g[4] = -w2 * v;
        }
        return m + Math.log(s);
    }

    /**
     * The same objective as {@link LogSpaceObjective} over this form, as one fused loop (two exponentials and one
     * logarithm per point); the multi-start search spends nearly all its time here.
     */
    @Override
    public DifferentiableFunction objective(FitData data, Penalty penalty) {
        final double[] us = data.uArray();
        final double[] vs = data.vArray();
        final double[] ys = data.yArray();
        return (t, g) -> {
            final double a = t[0];
            final double b = t[1];
            final double e = t[2];
            final double al = t[3];
            final double be = t[4];
            double sum = 0;
            double g0 = 0;
            double g1 = 0;
            double g2 = 0;
            double g3 = 0;
            double g4 = 0;
            for (int i = 0; i < ys.length; i++) {
                final double u = us[i];
                final double v = vs[i];
                final double p1 = a - al * u;
                final double p2 = b - be * v;
                double m;
                double e1;
                double e2;
                double e3;
                if (p1 >= p2 && p1 >= e) {
                    m = p1;
                    e1 = 1;
                    e2 = Math.exp(p2 - p1);
                    e3 = Math.exp(e - p1);
                } else if (p2 >= e) {
                    m = p2;
                    e1 = Math.exp(p1 - p2);
                    e2 = 1;
                    e3 = Math.exp(e - p2);
                } else {
                    m = e;
                    e1 = Math.exp(p1 - e);
                    e2 = Math.exp(p2 - e);
                    e3 = 1;
                }
                final double s = e1 + e2 + e3;
                final double r = m + Math.log(s) - ys[i];
                sum += penalty.value(r);
                final double w = penalty.derivative(r);
                final double ws = w / s;
                final double w1 = ws * e1;
                final double w2 = ws * e2;
                g0 += w1;
                g1 += w2;
                g2 += ws * e3;
                g3 -= w1 * u;
                g4 -= w2 * v;
            }
            g[0] = g0;
            g[1] = g1;
            g[2] = g2;
            g[3] = g3;
            g[4] = g4;
            return sum;
        };
    }

    @Override
    public List<double[]> starts(FitData data) {
        List<double[]> out = new ArrayList<>(grid.size());
        for (double al : grid.alpha()) {
            for (double be : grid.beta()) {
                for (double e : grid.e()) {
                    for (double a : grid.a()) {
                        for (double b : grid.b()) {
                            out.add(new double[] {a, b, e, al, be});
                        }
                    }
                }
            }
        }
        return out;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(new Parameter("A", 0, Parameter.Domain.POSITIVE), new Parameter("B", 1, Parameter.Domain.POSITIVE),
                new Parameter("E", 2, Parameter.Domain.NON_NEGATIVE), new Parameter("alpha", 3, Parameter.Domain.REAL),
                new Parameter("beta", 4, Parameter.Domain.REAL));
    }
}
