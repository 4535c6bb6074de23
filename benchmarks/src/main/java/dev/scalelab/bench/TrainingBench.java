package dev.scalelab.bench;

import dev.scalelab.core.spec.Activation;
import dev.scalelab.core.spec.InitSpec;
import dev.scalelab.core.spec.LossKind;
import dev.scalelab.core.spec.MlpSpec;
import dev.scalelab.core.spec.ModelSettings;
import dev.scalelab.core.spec.OptimizerSpec;
import dev.scalelab.core.spec.TrainSpec;
import dev.scalelab.core.task.TaskData;
import dev.scalelab.core.task.TaskFactory;
import dev.scalelab.core.task.TaskSpec;
import dev.scalelab.engine.compute.Precision;
import dev.scalelab.engine.model.MlpBatch;
import dev.scalelab.engine.nd4j.CpuInfo;
import dev.scalelab.engine.nd4j.Nd4jBackend;
import dev.scalelab.engine.train.Trainer;
import dev.scalelab.engine.train.TrainingListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * P1 (one MLP 64→4×1024→1, batch 1024, Adam, MSE) and P2 (64 tiny MLPs 64→2×16→1, batch 100, Adam) on
 * ScaleLab's loop and on DL4J MultiLayerNetwork, float32, in one JVM; plus a measured SGEMM peak.
 * Usage: TrainingBench [p1|p2|gemm|all] [runs] [native threads, default: all cores].
 */
public final class TrainingBench {
    private TrainingBench() {
    }

    public static void main(String[] args) {
        String which = args.length > 0 ? args[0] : "all";
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
        dev.scalelab.engine.nd4j.NativeThreads.set(threads);
        System.out.printf("machine: %s, %d cores; native threads %d; OPENBLAS_CORETYPE=%s; java %s%n",
                CpuInfo.modelName(), Runtime.getRuntime().availableProcessors(), threads,
                System.getenv("OPENBLAS_CORETYPE"),
                System.getProperty("java.version"));
        if (which.equals("gemm") || which.equals("all")) {
            gemmPeak(runs);
        }
        if (which.equals("p1") || which.equals("all")) {
            p1(runs);
        }
        if (which.equals("p2") || which.equals("all")) {
            p2(runs);
        }
    }

    static void gemmPeak(int runs) {
        int n = 2048;
        INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray c = Nd4j.create(DataType.FLOAT, n, n);
        double[] r = Stats.measure(2, runs, () -> {
            long t = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
            }
            return 5 * 2.0 * n * n * n / ((System.nanoTime() - t) / 1e9) / 1e9;
        });
        System.out.printf("SGEMM 2048² (Nd4j.gemm, float32) GFLOP/s: %s%n", Stats.describe(r));
    }

    static void p1(int runs) {
        MlpSpec spec = MlpSpec.uniform(64, 1024, 4, 1, Activation.RELU);
        int batch = 1024;
        int steps = 15;
        double flopsPerStep = spec.trainingFlops(batch);
        TaskData data = new TaskFactory(Path.of("unused")).create(TaskSpec.randomRegression(batch, 64, 1));
        double[] ours = scalelab(spec, 1, data, batch, steps, runs);
        System.out.printf("P1 ScaleLab (nd4j-cpu, K=1) steps/s: %s -> %.1f GFLOP/s%n", Stats.describe(ours),
                Stats.median(ours) * flopsPerStep / 1e9);
        double[] dl4j = dl4j(spec, data, steps, runs);
        System.out.printf("P1 DL4J MultiLayerNetwork steps/s: %s -> %.1f GFLOP/s%n", Stats.describe(dl4j),
                Stats.median(dl4j) * flopsPerStep / 1e9);
    }

    static void p2(int runs) {
        MlpSpec spec = MlpSpec.uniform(64, 16, 2, 1, Activation.RELU);
        int batch = 100;
        int k = 64;
        TaskData data = new TaskFactory(Path.of("unused")).create(TaskSpec.randomRegression(batch, 64, 1));
        double[] ours = scalelab(spec, k, data, batch, 2000, runs);
        System.out.printf("P2 ScaleLab batched K=%d: ensemble steps/s %s = %.0f model-steps/s%n", k,
                Stats.describe(ours), Stats.median(ours) * k);
        double[] single = scalelab(spec, 1, data, batch, 1000, runs);
        System.out.printf("P2 ScaleLab K=1 one at a time: model-steps/s %s%n", Stats.describe(single));
        double[] dl4j = dl4j(spec, data, 1000, runs);
        System.out.printf("P2 DL4J MultiLayerNetwork one at a time: model-steps/s %s%n", Stats.describe(dl4j));
        System.out.printf("P2 speed-up of batched ScaleLab over DL4J one at a time: %.1fx%n",
                Stats.median(ours) * k / Stats.median(dl4j));
    }

    /** Steps per second of the loop training K copies (different seeds) for {@code steps} full-batch steps. */
    static double[] scalelab(MlpSpec spec, int k, TaskData data, int batch, int steps, int runs) {
        Nd4jBackend backend = new Nd4jBackend(Precision.FP32);
        TrainSpec train = new TrainSpec(LossKind.MSE, OptimizerSpec.adam(), batch);
        ModelSettings model = ModelSettings.of(1e-3, steps, 0, steps);
        List<ModelSettings> settings = new ArrayList<>(k);
        for (int m = 0; m < k; m++) {
            settings.add(model.withSeed(m));
        }
        List<TaskData> perModel = new ArrayList<>(Collections.nCopies(k, data));
        // Native threads as `sweep run` and `memorize` set them for this step size (JobPool, MemorizeCommand): one
        // for small steps, where a second OpenMP thread only spins against the fused kernels' pool (P2 measured
        // 57k model-steps/s with two native threads, 117k with one, idle machine, 2026-12-06).
        int threads = dev.scalelab.engine.nd4j.NativeThreads.get();
        backend.tuneThreads(spec.trainingFlops(batch) * k, 1, 0);
        try {
            return Stats.measure(1, runs, () -> {
                MlpBatch models = MlpBatch.initialize(backend, spec, InitSpec.torchDefault(), settings);
                long t = System.nanoTime();
                new Trainer(backend).train(models, train, settings, perModel, TrainingListener.NONE);
                return steps / ((System.nanoTime() - t) / 1e9);
            });
        } finally {
            dev.scalelab.engine.nd4j.NativeThreads.set(threads);
        }
    }

    static double[] dl4j(MlpSpec spec, TaskData data, int steps, int runs) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(1)
                .dataType(DataType.FLOAT).updater(new Adam(1e-3)).list();
        for (int l = 0; l < spec.layerCount() - 1; l++) {
            b.layer(new DenseLayer.Builder().nIn(spec.fanIn(l)).nOut(spec.fanOut(l))
                    .activation(org.nd4j.linalg.activations.Activation.RELU).build());
        }
        int last = spec.layerCount() - 1;
        b.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(spec.fanIn(last)).nOut(1)
                .activation(org.nd4j.linalg.activations.Activation.IDENTITY).build());
        MultiLayerNetwork net = new MultiLayerNetwork(b.build());
        net.init();
        int n = data.train().size();
        DataSet ds = new DataSet(Nd4j.createFromArray(data.train().inputs()).reshape('c', n, spec.inputDim()),
                Nd4j.createFromArray(data.train().targets()).reshape('c', n, 1));
        return Stats.measure(1, runs, () -> {
            long t = System.nanoTime();
            for (int s = 0; s < steps; s++) {
                net.fit(ds);
            }
            return steps / ((System.nanoTime() - t) / 1e9);
        });
    }

}
