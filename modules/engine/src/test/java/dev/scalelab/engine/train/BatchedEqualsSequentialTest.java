package dev.scalelab.engine.train;

import dev.scalelab.core.spec.ModelSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.scalelab.core.spec.Activation;
import dev.scalelab.core.spec.InitSpec;
import dev.scalelab.core.spec.LossKind;
import dev.scalelab.core.spec.MlpSpec;
import dev.scalelab.core.spec.OptimizerSpec;
import dev.scalelab.core.spec.TrainSpec;
import dev.scalelab.core.task.TaskData;
import dev.scalelab.core.task.TaskFactory;
import dev.scalelab.core.task.TaskKind;
import dev.scalelab.core.task.TaskSpec;
import dev.scalelab.engine.compute.Precision;
import dev.scalelab.engine.model.MlpBatch;
import dev.scalelab.engine.nd4j.Nd4jBackend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** K models trained in one batched call follow the same trajectories as the same models trained one by one. */
class BatchedEqualsSequentialTest {

    @ParameterizedTest(name = "{0} {1} batch={2}")
    @CsvSource({"relu, adam, 8", "tanh, sgd, 0", "requ, adam, 0"})
    void batchedTrajectoriesEqualOneByOne(String act, String opt, int batch) {
        Nd4jBackend backend = new Nd4jBackend(Precision.FP64);
        int k = 4;
        long[] seeds = {0, 1, 2, 3};
        double[] lrs = {0.01, 0.003, 0.02, 0.005};
        MlpSpec spec = new MlpSpec(5, List.of(12, 7), 1, Activation.parse(act, "test"));
        OptimizerSpec optimizer = opt.equals("adam") ? OptimizerSpec.adam() : OptimizerSpec.sgd(0.9);
        TrainSpec train = new TrainSpec(LossKind.MSE, optimizer, batch);
        TaskFactory factory = new TaskFactory(Path.of("unused"));
        List<TaskData> data = new ArrayList<>();
        for (int m = 0; m < k; m++) {
            data.add(factory.create(new TaskSpec(TaskKind.TEACHER_STUDENT, 32, 5, 0, 16, 3, seeds[m])));
        }
        double[][] batched = new double[k][61];
        double[][] batchedTest = new double[k][61];
        MlpBatch all = MlpBatch.initialize(backend, spec, InitSpec.torchDefault(), seeds, new double[] {1, 1, 1, 1});
        List<ModelSettings> settings = new ArrayList<>();
        for (int m = 0; m < k; m++) {
            settings.add(new ModelSettings(seeds[m], seeds[m], lrs[m], 1, 60, 0, 1));
        }
        new Trainer(backend).train(all, train, settings, data, m -> {
            batched[m.model()][(int) m.step()] = m.trainLoss();
            batchedTest[m.model()][(int) m.step()] = m.testLoss();
        });
        for (int m = 0; m < k; m++) {
            double[] single = new double[61];
            double[] singleTest = new double[61];
            MlpBatch one = MlpBatch.initialize(backend, spec, InitSpec.torchDefault(), new long[] {seeds[m]},
                    new double[] {1});
            new Trainer(backend).train(one, train, List.of(settings.get(m)), List.of(data.get(m)), x -> {
                single[(int) x.step()] = x.trainLoss();
                singleTest[(int) x.step()] = x.testLoss();
            });
            for (int s = 1; s <= 60; s++) {
                assertEquals(single[s], batched[m][s], 1e-10 * Math.abs(single[s]), "model " + m + " step " + s);
                assertEquals(singleTest[s], batchedTest[m][s], 1e-10 * Math.abs(singleTest[s]),
                        "model " + m + " test loss, step " + s);
            }
        }
    }
}
