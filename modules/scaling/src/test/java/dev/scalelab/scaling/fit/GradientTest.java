package dev.scalelab.scaling.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.scalelab.scaling.Synthetic;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Analytic gradients against central finite differences, for every form and both penalties. */
class GradientTest {
    static List<Object[]> cases() {
        return List.of(
                new Object[] {new ChinchillaForm(), new double[] {6.0, 6.1, 0.5, 0.34, 0.28}, Penalty.huber(1e-3)},
                new Object[] {new ChinchillaForm(), new double[] {4.0, 9.0, 0.7, 0.2, 0.45}, Penalty.squares()},
                new Object[] {new PowerForm("N"), new double[] {5.0, 0.3, 0.6}, Penalty.huber(1e-3)},
                new Object[] {new PowerForm("N"), new double[] {3.0, 0.25, 0.2}, Penalty.squares()},
                new Object[] {new PowerForm("D"), new double[] {2.0, 0.1, -2.0}, Penalty.huber(0.05)},
                new Object[] {new KaplanForm(), new double[] {0.08, 0.1, 31.0, 31.5}, Penalty.huber(1e-3)},
                new Object[] {new KaplanForm(), new double[] {0.07, 0.12, 30.0, 32.0}, Penalty.squares()});
    }

    @ParameterizedTest
    @MethodSource("cases")
    void analyticGradientMatchesCentralDifferences(ModelForm form, double[] theta, Penalty penalty) {
        double[][] pts = Synthetic.chinchilla(11, 60, 0.02, 1.69, 406.4, 410.7, 0.34, 0.28);
        FitData data = FitData.of(pts[0], form.joint() ? pts[1] : null, pts[2]);
        SplittableRandom r = new SplittableRandom(5);
        for (DifferentiableFunction f : List.of(form.objective(data, penalty),
                new LogSpaceObjective(form, data, penalty))) {
            for (int trial = 0; trial < 5; trial++) {
                double[] x = theta.clone();
                for (int k = 0; k < x.length; k++) {
                    x[k] += 0.02 * (r.nextDouble() - 0.5) * Math.max(1, Math.abs(x[k]) * 0.1);
                }
                double[] g = new double[x.length];
                f.valueAndGradient(x, g);
                for (int k = 0; k < x.length; k++) {
                    double h = 1e-6 * Math.max(1, Math.abs(x[k]));
                    double[] xp = x.clone();
                    double[] xm = x.clone();
                    xp[k] += h;
                    xm[k] -= h;
                    double[] tmp = new double[x.length];
                    double fd = (f.valueAndGradient(xp, tmp) - f.valueAndGradient(xm, tmp)) / (2 * h);
                    assertEquals(fd, g[k], 1e-6 * Math.max(1, Math.abs(fd)),
                            form.name() + " d/d" + form.parameterNames().get(k) + " at trial " + trial);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void fusedObjectiveEqualsGenericObjective(ModelForm form, double[] theta, Penalty penalty) {
        double[][] pts = Synthetic.chinchilla(12, 50, 0.02, 1.69, 406.4, 410.7, 0.34, 0.28);
        FitData data = FitData.of(pts[0], form.joint() ? pts[1] : null, pts[2]);
        double[] g1 = new double[theta.length];
        double[] g2 = new double[theta.length];
        double f1 = form.objective(data, penalty).valueAndGradient(theta, g1);
        double f2 = new LogSpaceObjective(form, data, penalty).valueAndGradient(theta, g2);
        assertEquals(f2, f1, 1e-12 * Math.abs(f2));
        for (int k = 0; k < theta.length; k++) {
            assertEquals(g2[k], g1[k], 1e-10 * Math.max(1, Math.abs(g2[k])));
        }
    }
}
