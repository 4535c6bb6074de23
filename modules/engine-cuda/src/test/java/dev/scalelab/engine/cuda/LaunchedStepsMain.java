package dev.scalelab.engine.cuda;

import com.sun.jna.NativeLibrary;
import dev.scalelab.core.spec.ModelSettings;
import dev.scalelab.engine.compute.Precision;
import dev.scalelab.engine.train.ModelOutcome;
import dev.scalelab.engine.train.ModelStatus;
import java.util.List;

/**
 * Run by {@link LaunchedStepsTest} in a child JVM whose LD_LIBRARY_PATH holds the fake CUDA library: several steps
 * per launch against one ({@link LaunchChecks}). With the argument {@code broken} (and the device freeze kernel
 * switched off by FAKE_CUDA_BROKEN_KERNEL) it expects the two to differ instead. Exits non-zero on the first
 * failure.
 */
public final class LaunchedStepsMain {
    private static final int STEPS = 20;

    private LaunchedStepsMain() {
    }

    public static void main(String[] args) {
        boolean broken = args.length > 0 && args[0].equals("broken");
        try (CudaBackend graphs = new CudaBackend(Precision.FP32, GemmMode.FP32, true);
             CudaBackend eager = new CudaBackend(Precision.FP32, GemmMode.FP32, false)) {
            // SGD with momentum, full batch, test set: model 0 reaches its target and model 2 diverges inside launches.
            GraphChecks.Job sgd = LaunchChecks.loggingEvery(GraphChecks.sgd(eager, STEPS), 7);
            if (broken) {
                GraphChecks.Result one = GraphChecks.train(graphs, sgd, true, null, 1, settings -> settings);
                GraphChecks.Result many = GraphChecks.train(graphs, sgd, true, null, 4, settings -> settings);
                String difference = LaunchChecks.difference(one, many);
                check(difference != null, "without the device freeze the runs should differ");
                System.out.println("broken device freeze detected: " + difference);
                return;
            }
            NativeLibrary fake = NativeLibrary.getInstance(CudaLibraries.DRIVER_SONAME);
            GraphChecks.DriverCalls calls = call -> fake.getFunction("fake_cuda_count").invokeLong(new Object[] {call});

            GraphChecks.Result r = LaunchChecks.sameAsOneStepPerLaunch(graphs, sgd, 4);
            check(stopsInside(r.outcomes(), ModelStatus.REACHED_TARGET, 4, 7)
                    && stopsInside(r.outcomes(), ModelStatus.DIVERGED, 4, 7), "a model reaches its target and one"
                    + " diverges strictly inside a launch: " + LaunchChecks.statuses(r.outcomes()));

            // Every model stops before the budget, the last one inside a launch: the launch's remaining steps run
            // with every model frozen and must change nothing.
            GraphChecks.Job allStop = allStopBy(eager, LaunchChecks.loggingEvery(sgd, 10), 13);
            r = LaunchChecks.sameAsOneStepPerLaunch(graphs, allStop, 8);
            long last = r.outcomes().stream().mapToLong(ModelOutcome::steps).max().orElseThrow();
            check(r.outcomes().stream().allMatch(o -> o.status() != ModelStatus.BUDGET_EXHAUSTED)
                    && !launchEnds(8, 10).contains(last),
                    "every model stops early, the last inside a launch: " + LaunchChecks.statuses(r.outcomes()));

            // Adam, cross-entropy, weights only, masked, a model reaches its target; one log at the end.
            GraphChecks.Job ce = LaunchChecks.loggingEvery(GraphChecks.crossEntropy(eager, STEPS), STEPS);
            LaunchChecks.sameAsOneStepPerLaunch(graphs, ce, 8);
            // The same job with its own settings per model: model 1 uses up a budget of 13 inside a launch, model 2
            // logs every 8 steps (ending launches there).
            r = LaunchChecks.sameAsOneStepPerLaunch(graphs, ce, 8, settings -> List.of(settings.get(0),
                    with(settings.get(1), 13, settings.get(1).logEvery()), with(settings.get(2), STEPS, 8)));
            check(r.outcomes().get(1).status() == ModelStatus.BUDGET_EXHAUSTED && r.outcomes().get(1).steps() == 13,
                    "model 1 uses up its own budget inside a launch: " + LaunchChecks.statuses(r.outcomes()));
            LaunchChecks.waitsOncePerLaunch(graphs, ce.withTarget(0), 8, calls);
        }
        try (CudaBackend graphs = new CudaBackend(Precision.FP64, GemmMode.FP32, true)) {
            GraphChecks.Job ce = LaunchChecks.loggingEvery(GraphChecks.crossEntropy(graphs, STEPS), 6);
            LaunchChecks.sameAsOneStepPerLaunch(graphs, ce, 4);
        }
        System.out.println("launch checks passed");
    }

    private static ModelSettings with(ModelSettings s, int budget, int logEvery) {
        return s.withBudget(budget, logEvery);
    }

    /** Whether some model ended with {@code status} at a step that does not end a launch. */
    private static boolean stopsInside(List<ModelOutcome> outcomes, ModelStatus status, int s, int logEvery) {
        return outcomes.stream().anyMatch(o -> o.status() == status && !launchEnds(s, logEvery).contains(o.steps()));
    }

    /** The last steps of the launches of a job of {@link #STEPS} steps whose models log every {@code logEvery}. */
    private static List<Long> launchEnds(int s, int logEvery) {
        List<Long> ends = new java.util.ArrayList<>();
        for (long first = 1; first <= STEPS; first = ends.get(ends.size() - 1) + 1) {
            ends.add(Math.min(Math.min(first + s - 1, (first + logEvery - 1) / logEvery * logEvery), STEPS));
        }
        return ends;
    }

    /** The job with a target every model that does not diverge reaches by step {@code by} (from its eager run). */
    private static GraphChecks.Job allStopBy(CudaBackend eager, GraphChecks.Job job, int by) {
        GraphChecks.Result free = GraphChecks.train(eager, LaunchChecks.loggingEvery(job.withTarget(0), 1), true, null);
        double target = 0;
        for (double[] losses : free.losses()) {
            if (Double.isFinite(losses[by]) && losses[by] < 1e3) {
                target = Math.max(target, losses[by]);
            }
        }
        GraphChecks.Job stopped = job.withTarget(target * (1 + 1e-6));
        return new GraphChecks.Job(job.name() + ", every model stops by step " + by, stopped.spec(), stopped.train(),
                stopped.model(), stopped.data(), stopped.lrs(), stopped.masked(), stopped.weightsOnly());
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }
}
