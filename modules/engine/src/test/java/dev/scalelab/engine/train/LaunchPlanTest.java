package dev.scalelab.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.scalelab.core.UserInputException;
import dev.scalelab.core.spec.ModelSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

/** Where launches of several steps end, when a job may have them, and {@code $SCALELAB_STEPS_PER_LAUNCH}. */
class LaunchPlanTest {
    /** Models with these budgets and log intervals, no target. */
    private static List<ModelSettings> models(int[] budgets, int[] logEvery) {
        List<ModelSettings> out = new ArrayList<>();
        for (int m = 0; m < budgets.length; m++) {
            out.add(ModelSettings.of(0.01, budgets[m], 0, logEvery[m]).withSeed(m));
        }
        return out;
    }

    @Test
    void launchesEndAtLogStepsOfTrainingModelsAndAtTheLastBudget() {
        LaunchPlan plan = LaunchPlan.of(8, true, true, models(new int[] {30, 45}, new int[] {10, 15}));
        IntPredicate both = m -> true;
        assertEquals(8, plan.lastStep(1, both));
        assertEquals(10, plan.lastStep(9, both), "model 0 logs at 10");
        assertEquals(15, plan.lastStep(11, both), "model 1 logs at 15");
        assertEquals(20, plan.lastStep(16, both));
        assertEquals(30, plan.lastStep(26, both), "step 30 is a log step of model 1 and 0");
        IntPredicate second = m -> m == 1;
        assertEquals(38, plan.lastStep(31, second), "a stopped model's log steps no longer end launches");
        assertEquals(45, plan.lastStep(41, second), "the last budget of a training model ends the loop");
        IntPredicate first = m -> m == 0;
        assertEquals(30, plan.lastStep(25, first), "model 0's budget (and log step) is the last");
        LaunchPlan oneLong = LaunchPlan.of(8, true, true, models(new int[] {30, 45}, new int[] {45, 45}));
        assertEquals(30, oneLong.lastStep(27, first), "no launch runs past the longest budget still training");
    }

    @Test
    void severalStepsOnlyForFullBatchesAtAConstantRate() {
        int[] logs = {100, 100};
        List<ModelSettings> budgets = models(new int[] {100, 5}, logs);
        assertEquals(64, LaunchPlan.of(64, true, true, budgets).stepsPerLaunch());
        assertEquals(1, LaunchPlan.of(64, false, true, budgets).stepsPerLaunch(), "minibatches");
        assertEquals(1, LaunchPlan.of(64, true, false, budgets).stepsPerLaunch(), "a schedule");
        assertEquals(5, LaunchPlan.of(64, true, true, models(new int[] {5, 3}, logs)).stepsPerLaunch(),
                "no more than the longest budget");
        assertEquals(1, LaunchPlan.of(1, true, true, budgets).lastStep(7, m -> true) - 6);
    }

    @Test
    void stepsPerLaunchSetting() {
        assertEquals(LaunchPlan.DEFAULT_STEPS_PER_LAUNCH, LaunchPlan.parse(null));
        assertEquals(LaunchPlan.DEFAULT_STEPS_PER_LAUNCH, LaunchPlan.parse(" "));
        assertEquals(1, LaunchPlan.parse("1"));
        assertEquals(200, LaunchPlan.parse(" 200 "));
        for (String bad : new String[] {"0", "-3", "many", "2.5", "99999999999999", "1048577"}) {
            UserInputException e = assertThrows(UserInputException.class, () -> LaunchPlan.parse(bad));
            assertEquals("$SCALELAB_STEPS_PER_LAUNCH (steps per device launch) must be a whole number from 1 to "
                    + "1048576, got '" + bad + "' (default 64; 1: one step per launch)", e.getMessage());
        }
        assertEquals(1048576, LaunchPlan.parse("1048576"));
    }
}
