package dev.scalelab.scaling.optimal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.scaling.data.Observation;
import dev.scalelab.scaling.data.RunCurve;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Approach 1 says which runs it dropped and why (issue 26: "40 curves" for 50 runs with no word why). */
class Approach1DropsTest {
    private static Observation run(String id, double n, int logged) {
        double[] f = new double[logged];
        double[] l = new double[logged];
        for (int i = 0; i < logged; i++) {
            f[i] = 6 * n * 6400 * (i + 1);
            l[i] = 1 + 10 / Math.sqrt(n) + 100 / Math.sqrt(6400.0 * (i + 1));
        }
        RunCurve c = new RunCurve(id, n, f, l);
        return new Observation(n, 6400.0 * logged, f[logged - 1], l[logged - 1], "runs/" + id, 1, c);
    }

    @Test
    void shortCurvesAreNamedWithTheReason() {
        List<Observation> obs = new ArrayList<>();
        for (double n : new double[] {100, 400, 1600, 6400}) {
            obs.add(run("long" + (int) n, n, 16));
            obs.add(run("short" + (int) n, n, 1));
        }
        ApproachResult r = Approach1.run(obs, 6);
        assertTrue(r.ran(), r.reason());
        assertTrue(r.notes().get(0).startsWith("4 of 8 runs' curves used, "), r.notes().toString());
        assertEquals(2, r.notes().size(), r.notes().toString());
        String drop = r.notes().get(1);
        assertTrue(drop.startsWith("dropped 4 run(s): fewer than 2 logged points"), drop);
        for (String id : new String[] {"short100", "short400", "short1600", "short6400"}) {
            assertTrue(drop.contains(id), drop);
        }
    }
}
