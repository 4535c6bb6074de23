package dev.scalelab.engine.train;

import dev.scalelab.core.spec.ModelSettings;
import dev.scalelab.engine.compute.DeviceScalars;
import dev.scalelab.engine.compute.StepCapture;
import dev.scalelab.engine.compute.StepGraph;
import dev.scalelab.engine.compute.StopState;
import dev.scalelab.engine.model.MlpBatch;
import dev.scalelab.engine.model.ParameterTensors;
import java.util.List;

/**
 * Several recorded steps per launch, with the stopping rule on the device: each step records its K losses in a
 * device buffer of one row per step and stops the models it should (their learning rates set to 0 on the device,
 * before the next step, as the host's {@link ParameterUpdate#freeze} would), and the host reads the launch's
 * losses and stops once, after its last step. Step 1 runs its work directly (as in {@link ReplayedStep}); a launch
 * is then replays of a recording of {@code capacity} steps, and of one step for the rest.
 *
 * <p>Why the results equal one step per launch bit for bit: every step runs the same kernels on the same tensors
 * as a {@link ReplayedStep} step, plus the rule's own kernels, which write only the rule's state and the rates of
 * models that stop, with the 0 a host freeze uploads, at the point where the host would upload it. A model that
 * stops inside a launch is evaluated at the launch's end instead of at its own step, which gives the same result
 * because a model whose rate is 0 keeps its parameters bit for bit (the update kernels skip writing them; its
 * optimizer moments still change, as they do after a host freeze, and are not read again), and its evaluation
 * reads only its own parameters. Steps after every model has stopped, up to the launch's end, change no parameter.
 */
final class LaunchedSteps implements StepRunner {
    private final StepCapture device;
    private final StopState layout;
    private final DeviceScalars state;
    private final Runnable work;
    private StepGraph oneStep;
    private StepGraph fullLaunch;
    private long nextStep = 1;
    private double[] lastRead;

    LaunchedSteps(StepCapture device, MlpBatch models, GradientPass pass, ParameterTensors grads,
                  DeviceUpdate update, List<ModelSettings> settings, int capacity) {
        int k = models.models();
        if (!update.freezesOnDevice() || capacity < 2 || settings.size() != k) {
            throw new IllegalArgumentException("several steps per launch need a device freeze, a capacity ≥ 2 and"
                    + " one model's settings (budget, target) per model");
        }
        this.device = device;
        this.layout = new StopState(k, capacity);
        this.state = device.allocateScalars(layout.length());
        DeviceScalars losses = device.allocateScalars(k);
        double[] limits = new double[2 * k];
        for (int m = 0; m < k; m++) {
            limits[m] = settings.get(m).maxSteps();
            limits[k + m] = settings.get(m).targetLoss();
        }
        device.write(limits, state, layout.budgets());
        this.work = () -> {
            pass.queue(device, losses);
            update.queueStep(grads);
            device.applyStoppingRule(losses, state, layout);
            update.queueFreeze(state, layout);
        };
    }

    @Override
    public double[] run(long step) {
        return run(step, step)[0];
    }

    @Override
    public int stepsPerLaunch() {
        return layout.capacity();
    }

    @Override
    public double[][] run(long first, long last) {
        int n = (int) (last - first + 1);
        if (first != nextStep || n < 1 || n > layout.capacity()) {
            throw new IllegalStateException("launches run in order, at most " + layout.capacity() + " steps: expected"
                    + " steps from " + nextStep + ", got " + first + " to " + last);
        }
        device.write(new double[] {first - 1}, state, layout.base());
        int done = 0;
        if (first == 1) {
            work.run();
            done = 1;
        }
        if (n - done == layout.capacity()) {
            if (fullLaunch == null) {
                fullLaunch = device.capture(() -> {
                    for (int s = 0; s < layout.capacity(); s++) {
                        work.run();
                    }
                });
            }
            fullLaunch.launch();
            done = n;
        }
        for (; done < n; done++) {
            if (oneStep == null) {
                oneStep = device.capture(work);
            }
            oneStep.launch();
        }
        nextStep = last + 1;
        lastRead = device.read(state, layout.readLength(n));
        double[][] losses = new double[n][layout.models()];
        for (int r = 0; r < n; r++) {
            for (int m = 0; m < layout.models(); m++) {
                losses[r][m] = lastRead[layout.loss(r, m)];
            }
        }
        return losses;
    }

    /**
     * Checks the device's stops against the host's after the last launch: {@code status[m]} is null while model m
     * runs; {@code stoppedAt[m]} is its last step. A disagreement means the device rule is not the host's, and
     * the run's results would not be the loop's: it is an error, not a warning.
     */
    @Override
    public void confirmStops(ModelStatus[] status, long[] stoppedAt) {
        for (int m = 0; m < layout.models(); m++) {
            int code = (int) lastRead[layout.status(m)];
            long step = (long) lastRead[layout.stoppedAt(m)];
            boolean same = status[m] == null ? code == 0
                    : code == codeOf(status[m]) && step == stoppedAt[m];
            if (!same) {
                throw new IllegalStateException("the device stopping rule stopped model " + m + " with code " + code
                        + " at step " + step + ", the host's with " + status[m] + " at step " + stoppedAt[m]);
            }
        }
    }

    private static int codeOf(ModelStatus status) {
        return switch (status) {
            case REACHED_TARGET -> StopState.REACHED;
            case BUDGET_EXHAUSTED -> StopState.EXHAUSTED;
            case DIVERGED -> StopState.DIVERGED;
        };
    }

    @Override
    public void close() {
        if (fullLaunch != null) {
            fullLaunch.close();
        }
        if (oneStep != null) {
            oneStep.close();
        }
    }
}
