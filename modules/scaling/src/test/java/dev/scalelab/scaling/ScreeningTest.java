package dev.scalelab.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.scaling.fit.ChinchillaForm;
import dev.scalelab.scaling.fit.FitData;
import dev.scalelab.scaling.fit.FixedParameters;
import dev.scalelab.scaling.fit.Lbfgs;
import dev.scalelab.scaling.fit.MultiStartFitter;
import dev.scalelab.scaling.fit.MultiStartResult;
import dev.scalelab.scaling.fit.Penalty;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

/**
 * Screening the starts on a subsample and refining the best on every point finds the same optimum as running every
 * start on every point (20,000 points, a 108-start grid to keep the full run short).
 */
class ScreeningTest {
    @Test
    void screenedOptimumEqualsTheFullMultiStartOptimum() {
        double[][] p = Synthetic.chinchilla(21, 20_000, 0.02, 1.69, 406.4, 410.7, 0.34, 0.28);
        FitData fd = FitData.of(p[0], p[1], p[2]);
        ChinchillaForm form = new ChinchillaForm(new ChinchillaForm.Grid(new double[] {0.5, 1.0},
                new double[] {0.5, 1.0}, new double[] {-1, 0, 1}, new double[] {0, 5, 10}, new double[] {0, 5, 10}));
        List<double[]> grid = form.starts(fd);
        ForkJoinPool pool = new ForkJoinPool(Math.max(1, Runtime.getRuntime().availableProcessors()));
        try {
            MultiStartResult full = new MultiStartFitter(Lbfgs.forPoints(fd.size()), pool).fit(form, fd,
                    Penalty.huber(1e-3), grid);
            ScalingFit.Screened sc = ScalingFit.screened(form, fd, Penalty.huber(1e-3),
                    FixedParameters.none(form), grid, pool, Progress.NONE);
            assertEquals(ScalingFit.SCREEN_ROWS, sc.screening().rows());
            assertEquals(grid.size(), sc.best().starts());
            assertEquals(full.objective(), sc.best().objective(), 1e-9 * full.objective());
            for (int k = 0; k < full.theta().length; k++) {
                assertEquals(full.theta()[k], sc.best().theta()[k], 1e-4 * Math.max(1, Math.abs(full.theta()[k])),
                        "theta " + k);
            }
            assertTrue(sc.best().bestConverged(), sc.best().bestStop());
        } finally {
            pool.shutdown();
        }
    }
}
