package dev.scalelab.core.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.core.UserInputException;
import dev.scalelab.core.util.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TwoNnTest {
    private static final int N = 4000;
    private static final TwoNnSettings SETTINGS = TwoNnSettings.defaults().withBootstrap(200, 5);

    /*
     * Tolerances from the estimates over data seeds 1–12 (n = 4000, cube [0,1]^d on a random subspace of R^20):
     * d = 2: 1.92–2.03; d = 4: 3.73–3.95; d = 8: 7.01–7.39. TwoNN underestimates at higher d with few points
     * (more of the points sit near the cube's faces, where the neighbourhood is cut), about −10% at d = 8, so the
     * band there is ±20%; ±10% covers the smaller d with room.
     */
    @ParameterizedTest
    @CsvSource({"2, 0.10", "4, 0.10", "8, 0.20"})
    void recoversTheDimensionOfALinearSubspace(int d, double tolerance) {
        TwoNnEstimate e = TwoNn.estimate(ManifoldSamples.subspace(N, d, 20, new Rng(1)), N, 20, SETTINGS);
        assertEquals(d, e.dimension(), tolerance * d, "fit");
        assertEquals(d, e.mleDimension(), tolerance * d, "MLE");
        assertEquals(N, e.pointsUsed());
        assertEquals(3600, e.pointsFitted());
        assertTrue(e.dimensionInterval().contains(e.dimension()), e.dimensionInterval().toString());
    }

    @Test
    void aLineHasDimensionOne() {
        // Seeds 1–12 gave 0.96–1.04.
        TwoNnEstimate e = TwoNn.estimate(ManifoldSamples.subspace(N, 1, 20, new Rng(1)), N, 20, SETTINGS);
        assertEquals(1, e.dimension(), 0.08);
    }

    @Test
    void theSwissRollHasDimensionTwo() {
        // A 2-D sheet rolled up in 3-D: the estimate sees the sheet, not the ambient 3. Seeds 1–12 gave 1.91–2.03.
        TwoNnEstimate e = TwoNn.estimate(ManifoldSamples.swissRoll(N, new Rng(1)), N, 3, SETTINGS);
        assertEquals(2, e.dimension(), 0.16);
        assertEquals(2, e.mleDimension(), 0.16);
    }

    @Test
    void theFitAndTheMaximumLikelihoodEstimateAgree() {
        // Over seeds 1–12 at d = 1, 2, 4, 8 and on the swiss roll they differed by at most 2.8%.
        for (int d : new int[] {1, 2, 4, 8}) {
            TwoNnEstimate e = TwoNn.estimate(ManifoldSamples.subspace(N, d, 20, new Rng(2)), N, 20, SETTINGS);
            assertEquals(e.dimension(), e.mleDimension(), 0.05 * e.dimension(), "d = " + d);
        }
    }

    @Test
    void exactParetoRatiosGiveTheirExponent() {
        // μ = u^(−1/d) follows F(μ) = 1 − μ^(−d) exactly, so only sampling error is left (the MLE's
        // relative sd is 1/√n ≈ 0.7% here).
        int n = 20000;
        double d = 5;
        Rng rng = new Rng(3);
        double[] first = new double[n];
        double[] second = new double[n];
        for (int i = 0; i < n; i++) {
            first[i] = 1 + rng.uniform();
            second[i] = first[i] * Math.pow(1 - rng.uniform(), -1 / d);
        }
        TwoNnEstimate e = TwoNn.fromDistances(new NeighbourDistances(first, second), SETTINGS);
        assertEquals(d, e.dimension(), 0.05 * d);
        assertEquals(d, e.mleDimension(), 0.05 * d);
        assertTrue(e.dimensionInterval().contains(d), e.dimensionInterval().toString());
        assertTrue(e.mleInterval().contains(d), e.mleInterval().toString());
        assertTrue(e.dimensionInterval().upper() - e.dimensionInterval().lower() < 0.1 * d);
    }

    @Test
    void theSameInputGivesTheSameEstimateOnAnyThreadCount() {
        double[] points = ManifoldSamples.subspace(1500, 5, 20, new Rng(4));
        TwoNnEstimate one = TwoNn.estimate(points, 1500, 20, SETTINGS.withThreads(1));
        assertEquals(one, TwoNn.estimate(points, 1500, 20, SETTINGS.withThreads(1)));
        assertEquals(one, TwoNn.estimate(points, 1500, 20, SETTINGS.withThreads(3)));
        assertEquals(one, TwoNn.estimate(points.clone(), 1500, 20, SETTINGS.withThreads(8)));
    }

    @Test
    void floatPointsGiveTheSameEstimateAsTheirDoubles() {
        double[] points = ManifoldSamples.subspace(800, 3, 10, new Rng(5));
        float[] narrow = new float[points.length];
        double[] widened = new double[points.length];
        for (int k = 0; k < points.length; k++) {
            narrow[k] = (float) points[k];
            widened[k] = narrow[k];
        }
        assertEquals(TwoNn.estimate(widened, 800, 10, SETTINGS), TwoNn.estimate(narrow, 800, 10, SETTINGS));
    }

    @Test
    void duplicatesAreSkippedAndCounted() {
        int n = 1000;
        double[] points = ManifoldSamples.subspace(n, 2, 5, new Rng(6));
        // Point 1 becomes a copy of point 0 and point 3 a copy of point 2: four points have r1 = 0.
        System.arraycopy(points, 0, points, 5, 5);
        System.arraycopy(points, 10, points, 15, 5);
        TwoNnEstimate e = TwoNn.estimate(points, n, 5, SETTINGS);
        assertEquals(4, e.duplicatesSkipped());
        assertEquals(n - 4, e.pointsUsed());
        assertEquals(2, e.dimension(), 0.2);
    }

    @Test
    void theDiscardFractionSetsHowManyRatiosAreFitted() {
        double[] points = ManifoldSamples.subspace(1000, 2, 5, new Rng(7));
        assertEquals(900, TwoNn.estimate(points, 1000, 5, SETTINGS).pointsFitted());
        assertEquals(750, TwoNn.estimate(points, 1000, 5, SETTINGS.withDiscardFraction(0.25)).pointsFitted());
        // With nothing discarded the largest μ still drops out: F = N/N would put it at −log 0.
        TwoNnEstimate all = TwoNn.estimate(points, 1000, 5, SETTINGS.withDiscardFraction(0));
        assertEquals(999, all.pointsFitted());
        assertTrue(Double.isFinite(all.dimension()));
    }

    @Test
    void noBootstrapGivesNoInterval() {
        double[] points = ManifoldSamples.subspace(500, 2, 5, new Rng(8));
        TwoNnEstimate e = TwoNn.estimate(points, 500, 5, SETTINGS.withBootstrap(0, 0));
        assertTrue(Double.isNaN(e.dimensionInterval().lower()) && Double.isNaN(e.mleInterval().upper()));
        assertEquals(TwoNn.estimate(points, 500, 5, SETTINGS).dimension(), e.dimension());
    }

    @Test
    void badInputIsRefusedNamingTheArgument() {
        double[] six = {0, 0, 1, 0, 0, 1};
        assertRefused("rows", () -> TwoNn.estimate(new double[] {0, 0, 1, 1}, 2, 2, SETTINGS));
        assertRefused("rows·cols", () -> TwoNn.estimate(six, 3, 3, SETTINGS));
        assertRefused("cols", () -> TwoNn.estimate(six, 3, 0, SETTINGS));
        assertRefused("points has NaN at row 1, column 1",
                () -> TwoNn.estimate(new double[] {0, 0, 1, Double.NaN, 0, 1}, 3, 2, SETTINGS));
        assertRefused("points has Infinity",
                () -> TwoNn.estimate(new double[] {0, 0, 1, 1, 0, Double.POSITIVE_INFINITY}, 3, 2, SETTINGS));
        assertRefused("points must be given", () -> TwoNn.estimate((double[]) null, 3, 2, SETTINGS));
        assertRefused("discardFraction", () -> SETTINGS.withDiscardFraction(1));
        assertRefused("discardFraction", () -> SETTINGS.withDiscardFraction(-0.1));
        assertRefused("discardFraction", () -> SETTINGS.withDiscardFraction(Double.NaN));
        assertRefused("threads", () -> SETTINGS.withThreads(0));
        assertRefused("bootstrapSamples", () -> SETTINGS.withBootstrap(-1, 0));
        // Three points, all the same: none has a nearest neighbour at non-zero distance.
        assertRefused("points: only 0 of 3", () -> TwoNn.estimate(new double[6], 3, 2, SETTINGS));
        // Three points leave two ratios; discarding half of them leaves one, too few for a slope.
        assertRefused("discardFraction 0.5 leaves 1",
                () -> TwoNn.estimate(six, 3, 2, SETTINGS.withDiscardFraction(0.5)));
    }

    private static void assertRefused(String expected, Executable call) {
        UserInputException e = assertThrows(UserInputException.class, call);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }
}
