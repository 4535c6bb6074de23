package dev.scalelab.scaling.fit;

import java.util.ArrayList;
import java.util.List;

/**
 * One-variable power law L(x) = L∞ + A·x^-α (x is N, D or C), fitted as log L̂ = LSE(a − α·log x, e) with
 * A = e^a, L∞ = e^e, θ = (a, α, e). Without the irreducible term, L∞ is fixed at 0 (e = −∞; see
 * {@link FixedParameters}): log L̂ = a − α·log x.
 */
public final class PowerForm implements ModelForm {
    /** The reported name of the irreducible term L∞. */
    public static final String IRREDUCIBLE = "L_inf";

    private final String variable;

    public PowerForm(String variable) {
        this.variable = variable;
    }

    public String variable() {
        return variable;
    }

    @Override
    public String name() {
        return "power";
    }

    @Override
    public String formula() {
        return "L = L_inf + A*" + variable + "^-alpha";
    }

    @Override
    public List<String> parameterNames() {
        return List.of("a", "alpha", "e");
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(new Parameter("A", 0, Parameter.Domain.POSITIVE), new Parameter("alpha", 1, Parameter.Domain.REAL),
                new Parameter(IRREDUCIBLE, 2, Parameter.Domain.NON_NEGATIVE));
    }

    @Override
    public boolean joint() {
        return false;
    }

    @Override
    public double logPredict(double[] t, double u, double v, double[] g) {
        double p1 = t[0] - t[1] * u;
        double p2 = t[2];
        double m = Math.max(p1, p2);
        double e1 = Math.exp(p1 - m);
        double e2 = Math.exp(p2 - m);
        double s = e1 + e2;
        if (g != null) {
            double w1 = e1 / s;
            g[0] = w1;
            g[1] = -w1 * u;
            g[2] = e2 / s;
        }
        return m + Math.log(s);
    }

    /** The same objective as {@link LogSpaceObjective} over this form, as one fused loop (the 10^6-row path). */
    @Override
    public DifferentiableFunction objective(FitData data, Penalty penalty) {
        final double[] us = data.uArray();
        final double[] ys = data.yArray();
        final double delta = penalty.delta();
        return (t, g) -> {
            final double a = t[0];
            final double al = t[1];
            final double e = t[2];
            double sum = 0;
            double g0 = 0;
            double g1 = 0;
            double g2 = 0;
            for (int i = 0; i < ys.length; i++) {
                final double u = us[i];
                final double p1 = a - al * u;
                double pred;
                double w1;
                double w2;
                if (p1 >= e) { // also when L∞ is fixed at 0 (e = −∞): x = 0, pred = p1
                    double x = Math.exp(e - p1);
                    pred = p1 + Math.log1p(x);
                    w1 = 1 / (1 + x);
                    w2 = x * w1;
                } else {
                    double x = Math.exp(p1 - e);
                    pred = e + Math.log1p(x);
                    w2 = 1 / (1 + x);
                    w1 = x * w2;
                }
                final double r = pred - ys[i];
                final double w;
                if (r > delta) {
                    sum += delta * (r - 0.5 * delta);
                    w = delta;
                } else if (r < -delta) {
                    sum += delta * (-r - 0.5 * delta);
                    w = -delta;
                } else {
                    sum += 0.5 * r * r;
                    w = r;
                }
                g0 += w * w1;
                g1 -= w * w1 * u;
                g2 += w * w2;
            }
            g[0] = g0;
            g[1] = g1;
            g[2] = g2;
            return sum;
        };
    }

    /**
     * α ∈ {0..2 step 0.5} × e ∈ {−1..1 step 0.5} × a ∈ {0..25 step 5}, then the exact least-squares line with a floor
     * far below the data. With L∞ fixed, e drops out: the line and the 5×6 grid of (a, α).
     */
    @Override
    public List<double[]> starts(FitData data) {
        List<double[]> out = new ArrayList<>();
        for (double al : ModelForm.range(0, 2, 0.5)) {
            for (double e : ModelForm.range(-1, 1, 0.5)) {
                for (double a : ModelForm.range(0, 25, 5)) {
                    out.add(new double[] {a, al, e});
                }
            }
        }
        double[] ols = ordinaryLeastSquares(data);
        if (ols != null) {
            double minY = Double.POSITIVE_INFINITY;
            for (int i = 0; i < data.size(); i++) {
                minY = Math.min(minY, data.y(i));
            }
            out.add(new double[] {ols[0], ols[1], minY - 3});
        }
        return out;
    }

    /** The exact least-squares line log L = a − α·log x, or null when x does not vary. */
    static double[] ordinaryLeastSquares(FitData data) {
        int n = data.size();
        double mu = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mu += data.u(i);
            my += data.y(i);
        }
        mu /= n;
        my /= n;
        double suu = 0;
        double suy = 0;
        for (int i = 0; i < n; i++) {
            double du = data.u(i) - mu;
            suu += du * du;
            suy += du * (data.y(i) - my);
        }
        if (!(suu > 0)) {
            return null;
        }
        double slope = suy / suu;
        return new double[] {my - slope * mu, -slope};
    }

    /** The value of x at which the fitted law reaches {@code loss}; NaN when it never does. */
    public double solveFor(double[] t, double loss) {
        double reducible = loss - Math.exp(t[2]);
        if (!(reducible > 0) || t[1] == 0) {
            return Double.NaN;
        }
        // A·x^-α = reducible  ⇒  log x = (a − log reducible) / α
        return Math.exp((t[0] - Math.log(reducible)) / t[1]);
    }
}
