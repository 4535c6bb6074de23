package dev.scalelab.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.scalelab.core.spec.ModelSettings;
import dev.scalelab.engine.train.ModelOutcome;
import dev.scalelab.engine.train.StepMetrics;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Several steps per launch (the stopping rule on the device) against one step per launch, on the fake CUDA
 * library: every metric line, every outcome and the final parameters bit for bit, and the host's waits per launch
 * as the fake library counts them. Run by {@link LaunchedStepsMain}.
 */
final class LaunchChecks {
    private LaunchChecks() {
    }

    /** The job logging every {@code logEvery} steps instead. */
    static GraphChecks.Job loggingEvery(GraphChecks.Job job, int logEvery) {
        return new GraphChecks.Job(job.name() + ", log every " + logEvery, job.spec(), job.train(),
                job.model().withBudget(job.steps(), logEvery), job.data(), job.lrs(), job.masked(),
                job.weightsOnly());
    }

    /** Null when {@code want} and {@code got} are equal bit for bit (metric lines but wall time, outcomes, parameters). */
    static String difference(GraphChecks.Result want, GraphChecks.Result got) {
        if (want.metrics().size() != got.metrics().size()) {
            return want.metrics().size() + " metric lines, " + got.metrics().size() + " with several steps per launch";
        }
        for (int i = 0; i < want.metrics().size(); i++) {
            StepMetrics w = want.metrics().get(i);
            StepMetrics g = got.metrics().get(i);
            boolean same = w.model() == g.model() && w.step() == g.step() && w.samples() == g.samples()
                    && bits(w.flops(), g.flops()) && bits(w.trainLoss(), g.trainLoss())
                    && bits(w.testLoss(), g.testLoss()) && bits(w.testAccuracy(), g.testAccuracy());
            if (!same) {
                return "metric line " + i + ": " + w + " vs " + g;
            }
        }
        for (int m = 0; m < want.outcomes().size(); m++) {
            ModelOutcome w = want.outcomes().get(m);
            ModelOutcome g = got.outcomes().get(m);
            boolean same = w.status() == g.status() && w.steps() == g.steps() && w.samples() == g.samples()
                    && w.divergedAtStep() == g.divergedAtStep() && bits(w.finalTrainLoss(), g.finalTrainLoss())
                    && bits(w.bestTrainLoss(), g.bestTrainLoss()) && bits(w.finalTestLoss(), g.finalTestLoss())
                    && bits(w.bestTestLoss(), g.bestTestLoss()) && bits(w.finalTestAccuracy(), g.finalTestAccuracy());
            if (!same) {
                return "outcome of model " + m + ": " + w + " vs " + g;
            }
        }
        for (int p = 0; p < want.parameters().size(); p++) {
            double[] w = want.parameters().get(p);
            double[] g = got.parameters().get(p);
            for (int i = 0; i < w.length; i++) {
                if (!bits(w[i], g[i])) {
                    return "parameter tensor " + p + " element " + i + ": " + w[i] + " vs " + g[i];
                }
            }
        }
        return null;
    }

    private static boolean bits(double a, double b) {
        return Double.doubleToLongBits(a) == Double.doubleToLongBits(b);
    }

    /** {@code job} trains the same with up to {@code s} steps per launch as with one; returns the S run. */
    static GraphChecks.Result sameAsOneStepPerLaunch(CudaBackend graphs, GraphChecks.Job job, int s) {
        return sameAsOneStepPerLaunch(graphs, job, s, settings -> settings);
    }

    /** The same with each model's settings passed through {@code perModel} (budgets, targets, log intervals). */
    static GraphChecks.Result sameAsOneStepPerLaunch(CudaBackend graphs, GraphChecks.Job job, int s,
                                                     UnaryOperator<List<ModelSettings>> perModel) {
        GraphChecks.Result one = GraphChecks.train(graphs, job, true, null, 1, perModel);
        GraphChecks.Result many = GraphChecks.train(graphs, job, true, null, s, perModel);
        String difference = difference(one, many);
        if (difference != null) {
            throw new AssertionError(job.name() + ", " + s + " steps per launch: " + difference);
        }
        System.out.println("ok: " + job.name() + ": " + s + " steps per launch equal one bit for bit ("
                + many.metrics().size() + " metric lines, outcomes " + statuses(many.outcomes()) + ")");
        return many;
    }

    static String statuses(List<ModelOutcome> outcomes) {
        return outcomes.stream().map(o -> o.status() + "@" + o.steps()).toList().toString();
    }

    /**
     * With no log step and no stop before the budget, a run of {@code steps} steps waits for the device once per
     * launch (one copy of the losses to the host, one stream synchronisation) plus once per recorded graph when it
     * is released; one step per launch waits once per step.
     */
    static void waitsOncePerLaunch(CudaBackend graphs, GraphChecks.Job job, int s, GraphChecks.DriverCalls calls) {
        int steps = job.steps();
        long launches = (steps + s - 1) / s;
        long[] many = waits(graphs, job, s, calls);
        assertEquals(launches, many[0], s + " steps per launch: one copy to the host per launch");
        assertEquals(launches + many[2], many[1], s + " steps per launch: one synchronisation per launch (and per"
                + " graph released)");
        assertEquals(2, many[2], "two recordings: one step, and a whole launch");
        // Launch 1: step 1 directly, then s - 1 one-step replays; full launches: one replay; the rest: one per step.
        long full = (steps - s) / s;
        long rest = steps - s - full * s;
        assertEquals(s - 1 + full + rest, many[3], "graph replays");
        System.out.println("ok: " + steps + " steps, " + s + " per launch: " + many[0] + " copies to the host and "
                + many[1] + " synchronisations (" + many[2] + " of them releasing graphs), " + many[3]
                + " graph launches");
    }

    /** Copies to the host, synchronisations, graphs instantiated and graph launches during one training run. */
    private static long[] waits(CudaBackend graphs, GraphChecks.Job job, int s, GraphChecks.DriverCalls calls) {
        String[] names = {"cuMemcpyDtoHAsync_v2", "cuStreamSynchronize", "cuGraphInstantiateWithFlags",
            "cuGraphLaunch"};
        long[] before = new long[names.length];
        for (int i = 0; i < names.length; i++) {
            before[i] = calls.count(names[i]);
        }
        // The run's final parameters are downloaded after training (4 copies, 4 synchronisations): not counted.
        GraphChecks.Result r = GraphChecks.train(graphs, job, true, calls, s, settings -> settings);
        long[] counts = new long[names.length];
        for (int i = 0; i < names.length; i++) {
            counts[i] = calls.count(names[i]) - before[i];
        }
        int downloads = r.parameters().size();
        counts[0] -= downloads;
        counts[1] -= downloads;
        return counts;
    }
}
