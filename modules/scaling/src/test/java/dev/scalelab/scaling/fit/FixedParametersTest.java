package dev.scalelab.scaling.fit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.scaling.Synthetic;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Names, domains, and the reduced problem the optimiser sees. */
class FixedParametersTest {
    @Test
    void namesMatchIgnoringCaseAndUnderscoresAndComeOutInTheFormsOrder() {
        Map<String, Double> given = new LinkedHashMap<>();
        given.put("BETA", 0.3);
        given.put("e", 1.7);
        FixedParameters f = FixedParameters.of(new ChinchillaForm(), given);
        assertEquals(List.of("E", "beta"), List.copyOf(f.values().keySet()));
        assertEquals(3, f.freeDimension());
        assertTrue(f.fixesTheta(2) && f.fixesTheta(4) && !f.fixesTheta(0));
        assertEquals(Map.of("N_c", 1e13), FixedParameters.of(new KaplanForm(), Map.of("nc", 1e13)).values());
    }

    @Test
    void refusesUnknownNamesDomainsAndFixingEverything() {
        PowerForm power = new PowerForm("N");
        String unknown = assertThrows(IllegalArgumentException.class,
                () -> FixedParameters.of(power, Map.of("E", 0.0))).getMessage();
        assertEquals("--fix E=0: the power form has no parameter 'E' (its parameters: A, alpha, L_inf)", unknown);
        assertThrows(IllegalArgumentException.class, () -> FixedParameters.of(power, Map.of("A", -1.0)));
        assertThrows(IllegalArgumentException.class,
                () -> FixedParameters.of(new KaplanForm(), Map.of("alpha_D", 0.0)));
        assertThrows(IllegalArgumentException.class,
                () -> FixedParameters.of(power, Map.of("A", 1.0, "alpha", 0.5, "L_inf", 0.0)));
    }

    @Test
    void restrictedObjectiveIsTheFullOneAtTheFilledInTheta() {
        double[][] p = Synthetic.chinchilla(3, 50, 0.02, 1.69, 406.4, 410.7, 0.34, 0.28);
        ChinchillaForm form = new ChinchillaForm();
        FitData data = FitData.of(p[0], p[1], p[2]);
        FixedParameters f = FixedParameters.of(form, Map.of("E", 1.69, "beta", 0.28));
        DifferentiableFunction full = form.objective(data, Penalty.huber(1e-3));
        double[] x = {6.0, 6.1, 0.34};
        double[] theta = f.full(x);
        assertArrayEquals(new double[] {6.0, 6.1, Math.log(1.69), 0.34, 0.28}, theta, 1e-15);
        assertArrayEquals(x, f.free(theta));
        double[] gFull = new double[5];
        double[] g = new double[3];
        assertEquals(full.valueAndGradient(theta, gFull), f.restrict(full).valueAndGradient(x, g));
        assertArrayEquals(new double[] {gFull[0], gFull[1], gFull[3]}, g);
    }

    @Test
    void startsAreReducedAndDeduplicated() {
        FixedParameters f = FixedParameters.of(new PowerForm("N"), Map.of("L_inf", 0.0));
        List<double[]> starts = f.starts(List.of(new double[] {1, 0.5, -1}, new double[] {1, 0.5, 0},
                new double[] {2, 0.5, 0}));
        assertEquals(2, starts.size());
        assertArrayEquals(new double[] {1, 0.5}, starts.get(0));
        assertArrayEquals(new double[] {2, 0.5}, starts.get(1));
    }
}
