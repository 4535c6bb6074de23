package dev.scalelab.scaling.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.scaling.Synthetic;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Recovery of known parameters from noisy synthetic data, every form, several seeds. Tolerances are stated per
 * assertion; they are a few standard errors at the stated noise and point count (checked against the bootstrap).
 */
class RecoveryTest {
    private static ForkJoinPool pool;

    @BeforeAll
    static void start() {
        pool = new ForkJoinPool(Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    @AfterAll
    static void stop() {
        pool.shutdown();
    }

    private static MultiStartResult fit(ModelForm form, FitData data, Penalty p) {
        return new MultiStartFitter(Lbfgs.tight(), pool).fit(form, data, p, form.starts(data));
    }

    /** A coarse grid (2·2·3·3·3 = 108 starts) keeps the test fast; the full grid is exercised by the golden test. */
    static ChinchillaForm smallGridChinchilla() {
        return new ChinchillaForm(new ChinchillaForm.Grid(new double[] {0.5, 1.0}, new double[] {0.5, 1.0},
                new double[] {-1, 0, 1}, new double[] {0, 5, 10}, new double[] {0, 5, 10}));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void chinchillaRecoversParametersAt1PercentNoise(long seed) {
        double[][] p = Synthetic.chinchilla(seed, 240, 0.01, 1.69, 406.4, 410.7, 0.34, 0.28);
        ChinchillaForm form = smallGridChinchilla();
        MultiStartResult r = fit(form, FitData.of(p[0], p[1], p[2]), Penalty.huber(1e-3));
        Map<String, Double> m = form.reported(r.theta());
        assertEquals(0.34, m.get("alpha"), 0.04, "alpha");          // exponents within 0.04
        assertEquals(0.28, m.get("beta"), 0.04, "beta");
        assertEquals(1.69, m.get("E"), 0.05, "E");                  // E within 0.05
        assertEquals(Math.log(406.4), Math.log(m.get("A")), 0.6, "log A"); // A, B within a factor e^0.6
        assertEquals(Math.log(410.7), Math.log(m.get("B")), 0.6, "log B");
        // the law itself, at a point inside the data, within 0.5%
        double truth = 1.69 + 406.4 * Math.pow(1e9, -0.34) + 410.7 * Math.pow(2e10, -0.28);
        assertEquals(truth, form.predict(r.theta(), 1e9, 2e10), 0.005 * truth);
        assertTrue(r.reachedBest() >= 1);
    }

    @ParameterizedTest
    @ValueSource(longs = {4, 5, 6})
    void chinchillaRecoversExactlyWithoutNoise(long seed) {
        double[][] p = Synthetic.chinchilla(seed, 60, 0.0, 1.69, 406.4, 410.7, 0.34, 0.28);
        ChinchillaForm form = smallGridChinchilla();
        MultiStartResult r = fit(form, FitData.of(p[0], p[1], p[2]), Penalty.huber(1e-3));
        Map<String, Double> m = form.reported(r.theta());
        assertEquals(0.34, m.get("alpha"), 1e-5);
        assertEquals(0.28, m.get("beta"), 1e-5);
        assertEquals(1.69, m.get("E"), 1e-5);
        assertEquals(406.4, m.get("A"), 406.4 * 1e-4);
        assertEquals(410.7, m.get("B"), 410.7 * 1e-4);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void powerWithIrreducibleRecoversParameters(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = 60;
        double[] x = new double[n];
        double[] l = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = Synthetic.logUniform(rnd, 1e5, 1e11);
            l[i] = (2.0 + 80.0 * Math.pow(x[i], -0.3)) * Math.exp(0.005 * Synthetic.gaussian(rnd));
        }
        PowerForm form = new PowerForm("N");
        MultiStartResult r = fit(form, FitData.of(x, null, l), Penalty.huber(1e-3));
        Map<String, Double> m = form.reported(r.theta());
        assertEquals(0.3, m.get("alpha"), 0.03, "alpha within 0.03");
        assertEquals(2.0, m.get("L_inf"), 0.04, "L_inf within 2%");
        assertEquals(Math.log(80), Math.log(m.get("A")), 0.4, "A within a factor e^0.4");
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void powerWithoutIrreducibleRecoversParameters(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = 40;
        double[] x = new double[n];
        double[] l = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = Synthetic.logUniform(rnd, 1e6, 1e10);
            l[i] = 30.0 * Math.pow(x[i], -0.1) * Math.exp(0.01 * Synthetic.gaussian(rnd));
        }
        for (Penalty p : List.of(Penalty.huber(1e-3), Penalty.squares())) {
            PowerForm form = new PowerForm("D");
            FitData data = FitData.of(x, null, l);
            MultiStartResult r = new MultiStartFitter(Lbfgs.tight(), pool).fit(form, data, p,
                    FixedParameters.of(form, Map.of("L_inf", 0.0)), form.starts(data), null, null);
            Map<String, Double> m = form.reported(r.theta());
            assertEquals(0.1, m.get("alpha"), 0.005, "alpha within 0.005 (" + p.describe() + ")");
            assertEquals(Math.log(30), Math.log(m.get("A")), 0.1, "A within 10%");
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void kaplanRecoversParameters(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = 150;
        double[] nn = new double[n];
        double[] dd = new double[n];
        double[] l = new double[n];
        double aN = 0.076;
        double aD = 0.095;
        double nc = 8.8e13;
        double dc = 5.4e13;
        for (int i = 0; i < n; i++) {
            nn[i] = Synthetic.logUniform(rnd, 1e5, 1e10);
            dd[i] = Synthetic.logUniform(rnd, 1e7, 1e11);
            double law = Math.pow(Math.pow(nc / nn[i], aN / aD) + dc / dd[i], aD);
            l[i] = law * Math.exp(0.002 * Synthetic.gaussian(rnd));
        }
        KaplanForm form = new KaplanForm();
        MultiStartResult r = fit(form, FitData.of(nn, dd, l), Penalty.huber(1e-3));
        Map<String, Double> m = form.reported(r.theta());
        assertEquals(aN, m.get("alpha_N"), 0.01, "alpha_N within 0.01");
        assertEquals(aD, m.get("alpha_D"), 0.01, "alpha_D within 0.01");
        assertEquals(Math.log(nc), Math.log(m.get("N_c")), 1.5, "N_c within a factor e^1.5");
        assertEquals(Math.log(dc), Math.log(m.get("D_c")), 1.5, "D_c within a factor e^1.5");
    }
}
