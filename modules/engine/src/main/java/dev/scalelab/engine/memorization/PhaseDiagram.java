package dev.scalelab.engine.memorization;

import dev.scalelab.core.spec.InitSpec;
import dev.scalelab.core.spec.MlpSpec;
import dev.scalelab.core.spec.ModelSettings;
import dev.scalelab.core.spec.TrainSpec;
import dev.scalelab.core.task.TaskData;
import dev.scalelab.core.task.TaskFactory;
import dev.scalelab.core.task.TaskSpec;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.model.MlpBatch;
import dev.scalelab.engine.train.ModelOutcome;
import dev.scalelab.engine.train.ModelStatus;
import dev.scalelab.engine.train.Trainer;
import dev.scalelab.engine.train.TrainingListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs the memorization experiment: for every width, all seeds train as K models in one batched job, and every
 * seed's data also gets the exact random-feature certificate with m = H, the K certificates of a width solved as
 * one batch where the backend's models are ({@link ComputeBackend#leastSquares}).
 */
public final class PhaseDiagram {
    public static final double EXACT_RESIDUAL = 1e-6;

    private final ComputeBackend backend;

    public PhaseDiagram(ComputeBackend backend) {
        this.backend = backend;
    }

    public List<WidthResult> run(MemorizationSpec spec, Consumer<WidthResult> progress) {
        TrainSpec train = spec.trainSpec();
        List<ModelSettings> settings = spec.modelSettings();
        long[] seeds = settings.stream().mapToLong(ModelSettings::seed).toArray();
        List<TaskData> data = new ArrayList<>();
        TaskFactory factory = new TaskFactory(Path.of("unused"));
        for (ModelSettings model : settings) {
            data.add(factory.create(TaskSpec.randomRegression(spec.n(), spec.d(), model.dataSeed())));
        }
        List<WidthResult> results = new ArrayList<>();
        for (int width : spec.widths()) {
            MlpSpec mlp = new MlpSpec(spec.d(), List.of(width), 1, spec.activation());
            long trainingStart = System.nanoTime();
            MlpBatch models = MlpBatch.initialize(backend, mlp, InitSpec.torchDefault(), settings);
            List<ModelOutcome> outcomes = new Trainer(backend).train(models, train, settings, data,
                    TrainingListener.NONE);
            List<Long> steps = new ArrayList<>();
            List<Double> losses = new ArrayList<>();
            int successes = 0;
            int diverged = 0;
            for (ModelOutcome o : outcomes) {
                losses.add(o.finalTrainLoss());
                if (o.reachedTarget()) {
                    successes++;
                    steps.add(o.steps());
                }
                if (o.status() == ModelStatus.DIVERGED) {
                    diverged++;
                }
            }
            long certificateStart = System.nanoTime();
            List<RandomFeatureCertificate.Result> certificates = RandomFeatureCertificate.computeAll(backend,
                    data.stream().map(TaskData::train).toList(), width, seeds);
            long end = System.nanoTime();
            WidthResult result = new WidthResult(width, spec.parameters(width),
                    (double) spec.parameters(width) / spec.n(), seeds.length, successes, steps, losses, diverged,
                    certificates, (certificateStart - trainingStart) / 1e9, (end - certificateStart) / 1e9);
            results.add(result);
            progress.accept(result);
        }
        return results;
    }
}
