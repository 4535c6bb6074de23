package dev.scalelab.scaling.fit;

import java.util.ArrayList;
import java.util.List;

/**
 * Kaplan et al. (2020), eq. 1.5: L(N, D) = [(N_c/N)^(α_N/α_D) + D_c/D]^α_D, fitted as
 * log L̂ = α_D · LSE((α_N/α_D)(n_c − log N), d_c − log D) with N_c = e^n_c, D_c = e^d_c.
 * θ = (α_N, α_D, n_c, d_c).
 */
public final class KaplanForm implements ModelForm {
    @Override
    public String name() {
        return "kaplan";
    }

    @Override
    public String formula() {
        return "L = [(N_c/N)^(alpha_N/alpha_D) + D_c/D]^alpha_D";
    }

    @Override
    public List<String> parameterNames() {
        return List.of("alpha_N", "alpha_D", "n_c", "d_c");
    }

    @Override
    public boolean joint() {
        return true;
    }

    @Override
    public double logPredict(double[] t, double u, double v, double[] g) {
        double aN = t[0];
        double aD = t[1];
        double p = aN / aD;
        double q1 = p * (t[2] - u);
        double q2 = t[3] - v;
        double m = Math.max(q1, q2);
        double e1 = Math.exp(q1 - m);
        double e2 = Math.exp(q2 - m);
        double s = e1 + e2;
        double lse = m + Math.log(s);
        if (g != null) {
            double w1 = e1 / s;
            double w2 = e2 / s;
            g[0] = w1 * (t[2] - u);
            g[1] = lse - w1 * q1;
            g[2] = aN * w1;
            g[3] = aD * w2;
        }
        return aD * lse;
    }

    @Override
    public List<double[]> starts(FitData data) {
        List<double[]> out = new ArrayList<>();
        double[] exps = {0.05, 0.1, 0.2, 0.4};
        double[] logs = ModelForm.range(10, 40, 10);
        for (double aN : exps) {
            for (double aD : exps) {
                for (double nc : logs) {
                    for (double dc : logs) {
                        out.add(new double[] {aN, aD, nc, dc});
                    }
                }
            }
        }
        return out;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(new Parameter("alpha_N", 0, Parameter.Domain.REAL),
                new Parameter("alpha_D", 1, Parameter.Domain.NONZERO),
                new Parameter("N_c", 2, Parameter.Domain.POSITIVE), new Parameter("D_c", 3, Parameter.Domain.POSITIVE));
    }
}
