package dev.scalelab.engine.train;

import dev.scalelab.core.spec.ModelSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.scalelab.core.spec.Activation;
import dev.scalelab.core.spec.InitSpec;
import dev.scalelab.core.spec.LossKind;
import dev.scalelab.core.spec.MlpSpec;
import dev.scalelab.core.spec.OptimizerKind;
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
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * From the same initial weights and data, the loop's loss trajectory equals DL4J MultiLayerNetwork's over 100
 * full-batch steps (float64) within 1e-4 relative.
 *
 * <p>DL4J's Adam adds ε to √v, PyTorch's (and ours) to √v̂ = √v / √(1−β2^t): the same rule with ε scaled by
 * √(1−β2^t). With ε = 1e-8 that alone moves the ReLU/Adam trajectory by 2e-4 relative by step 59 (measured), so
 * this test compares the loops with ε = 1e-12 in both; {@link OptimizerSemanticsTest} checks our ε placement
 * against a hand-written PyTorch update.
 */
class Dl4jParityTest {

    @ParameterizedTest(name = "{0} {1} {2} lr={3}")
    @CsvSource({
        "relu, mse, adam, 0.01",
        "tanh, mse, sgd, 0.05",
        "sigmoid, cross_entropy, adam, 0.01",
        "identity, mse, adam, 0.003",
        "relu, cross_entropy, sgd, 0.1",
    })
    void lossTrajectoryMatchesMultiLayerNetwork(String act, String lossName, String opt, double lr) {
        Activation activation = Activation.parse(act, "test");
        LossKind loss = LossKind.parse(lossName, "test");
        OptimizerSpec optimizer = OptimizerKind.parse(opt, "test") == OptimizerKind.ADAM
                ? new OptimizerSpec(OptimizerKind.ADAM, 0, 0.9, 0.999, 1e-12) : OptimizerSpec.sgd(0);
        boolean ce = loss == LossKind.CROSS_ENTROPY;
        TaskSpec task = ce ? new TaskSpec(TaskKind.RANDOM_CLASSES, 40, 6, 3, 0, 0, 7)
                : TaskSpec.randomRegression(40, 6, 7);
        TaskData data = new TaskFactory(Path.of("unused")).create(task);
        MlpSpec spec = new MlpSpec(6, List.of(16, 8), task.outputDim(), activation);
        int steps = 100;
        TrainSpec train = new TrainSpec(loss, optimizer, 0);

        Nd4jBackend backend = new Nd4jBackend(Precision.FP64);
        MlpBatch ours = MlpBatch.initialize(backend, spec, InitSpec.torchDefault(), new long[] {5}, new double[] {1});
        List<double[]> w = new ArrayList<>();
        List<double[]> b = new ArrayList<>();
        for (int l = 0; l < spec.layerCount(); l++) {
            w.add(ours.downloadWeights(l));
            b.add(ours.downloadBiases(l));
        }
        double[] trajectory = new double[steps];
        new Trainer(backend).train(ours, train, List.of(new ModelSettings(1, 1, lr, 1, steps, 0, 1)), List.of(data),
                m -> trajectory[(int) m.step() - 1] = m.trainLoss());

        MultiLayerNetwork net = dl4jNetwork(spec, loss, optimizer, lr, w, b);
        DataSet ds = new DataSet(matrix(data.train().inputs(), 40, 6), matrix(data.train().targets(), 40,
                task.outputDim()));
        for (int s = 0; s < steps; s++) {
            net.fit(ds);
            double expected = net.score();
            assertEquals(expected, trajectory[s], 1e-4 * Math.abs(expected), "step " + (s + 1));
        }
    }

    private static INDArray matrix(float[] values, int rows, int cols) {
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = values[i];
        }
        return Nd4j.createFromArray(d).reshape('c', rows, cols);
    }

    private static MultiLayerNetwork dl4jNetwork(MlpSpec spec, LossKind loss, OptimizerSpec optimizer, double lr,
                                                 List<double[]> w, List<double[]> b) {
        IUpdater updater = optimizer.kind() == OptimizerKind.ADAM
                ? new Adam(lr, optimizer.beta1(), optimizer.beta2(), optimizer.epsilon())
                : new Sgd(lr);
        NeuralNetConfiguration.ListBuilder builder = new NeuralNetConfiguration.Builder()
                .seed(1).dataType(DataType.DOUBLE).updater(updater).list();
        for (int l = 0; l < spec.layerCount() - 1; l++) {
            builder.layer(new DenseLayer.Builder().nIn(spec.fanIn(l)).nOut(spec.fanOut(l))
                    .activation(dl4jActivation(spec.activation())).build());
        }
        int last = spec.layerCount() - 1;
        boolean ce = loss == LossKind.CROSS_ENTROPY;
        builder.layer(new OutputLayer.Builder(ce ? LossFunctions.LossFunction.MCXENT : LossFunctions.LossFunction.MSE)
                .nIn(spec.fanIn(last)).nOut(spec.fanOut(last))
                .activation(ce ? org.nd4j.linalg.activations.Activation.SOFTMAX
                        : org.nd4j.linalg.activations.Activation.IDENTITY).build());
        MultiLayerConfiguration conf = builder.build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        for (int l = 0; l < spec.layerCount(); l++) {
            net.getLayer(l).setParam("W", Nd4j.createFromArray(w.get(l)).reshape('c', spec.fanIn(l), spec.fanOut(l)));
            net.getLayer(l).setParam("b", Nd4j.createFromArray(b.get(l)).reshape('c', 1, spec.fanOut(l)));
        }
        return net;
    }

    private static org.nd4j.linalg.activations.Activation dl4jActivation(Activation a) {
        return switch (a) {
            case RELU -> org.nd4j.linalg.activations.Activation.RELU;
            case TANH -> org.nd4j.linalg.activations.Activation.TANH;
            case SIGMOID -> org.nd4j.linalg.activations.Activation.SIGMOID;
            case IDENTITY -> org.nd4j.linalg.activations.Activation.IDENTITY;
            default -> throw new IllegalArgumentException("DL4J has no " + a);
        };
    }
}
