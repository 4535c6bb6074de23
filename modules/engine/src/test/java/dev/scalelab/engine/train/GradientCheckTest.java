package dev.scalelab.engine.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.core.spec.Activation;
import dev.scalelab.core.spec.InitSpec;
import dev.scalelab.core.spec.LossKind;
import dev.scalelab.core.spec.MlpSpec;
import dev.scalelab.core.util.Rng;
import dev.scalelab.engine.compute.Precision;
import dev.scalelab.engine.model.MlpBatch;
import dev.scalelab.engine.model.ParameterTensors;
import dev.scalelab.engine.nd4j.Nd4jBackend;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Backpropagated gradients equal central finite differences (float64) for every activation and loss. */
class GradientCheckTest {
    private static Nd4jBackend backend;

    @BeforeAll
    static void start() {
        backend = new Nd4jBackend(Precision.FP64);
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    static List<Arguments> cases() {
        List<Arguments> cases = new java.util.ArrayList<>();
        for (Activation a : Activation.values()) {
            for (LossKind l : LossKind.values()) {
                cases.add(Arguments.of(a, l));
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} / {1}")
    @MethodSource("cases")
    void backpropMatchesFiniteDifferences(Activation activation, LossKind loss) {
        int k = 2;
        int rows = 7;
        int outputs = loss == LossKind.CROSS_ENTROPY ? 3 : 2;
        MlpSpec spec = new MlpSpec(4, List.of(5, 3), outputs, activation);
        MlpBatch models = MlpBatch.initialize(backend, spec, new InitSpec(InitSpec.Scheme.TORCH_DEFAULT, 1.5),
                new long[] {3, 4}, new double[] {1, 1});
        Workspace ws = new Workspace(backend, spec, k, rows);
        Rng rng = new Rng(11);
        double[] x = new double[k * rows * 4];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.normal();
        }
        double[] y = new double[k * rows * outputs];
        for (int r = 0; r < k * rows; r++) {
            for (int c = 0; c < outputs; c++) {
                y[r * outputs + c] = loss == LossKind.MSE ? rng.normal() : 0;
            }
            if (loss == LossKind.CROSS_ENTROPY) {
                y[r * outputs + rng.nextInt(outputs)] = 1;
            }
        }
        backend.upload(x, ws.input);
        backend.upload(y, ws.target);
        ParameterTensors grads = ParameterTensors.zeros(backend, spec, k);
        ForwardPass.forward(backend, models, ws);
        backend.lossAndGradient(loss, ws.output(), ws.target, ws.gradients.get(spec.layerCount() - 1));
        ForwardPass.backward(backend, models, ws, grads);

        double h = 1e-5;
        double worst = 0;
        for (int l = 0; l < spec.layerCount(); l++) {
            worst = Math.max(worst, check(models, ws, loss, grads.weights().get(l), true, l, h));
            worst = Math.max(worst, check(models, ws, loss, grads.biases().get(l), false, l, h));
        }
        assertTrue(worst < 1e-5, "max relative gradient error " + worst);
    }

    private static double check(MlpBatch models, Workspace ws, LossKind loss, dev.scalelab.engine.compute.Tensor grad,
                                boolean weights, int layer, double h) {
        double[] analytic = backend.download(grad);
        double[] params = weights ? models.downloadWeights(layer) : models.downloadBiases(layer);
        int perModel = params.length / models.models();
        double worst = 0;
        for (int i = 0; i < params.length; i++) {
            int model = i / perModel;
            double saved = params[i];
            params[i] = saved + h;
            set(models, weights, layer, params);
            double plus = loss(models, ws, loss)[model];
            params[i] = saved - h;
            set(models, weights, layer, params);
            double minus = loss(models, ws, loss)[model];
            params[i] = saved;
            set(models, weights, layer, params);
            double numeric = (plus - minus) / (2 * h);
            double error = Math.abs(numeric - analytic[i]) / Math.max(1e-4, Math.abs(numeric) + Math.abs(analytic[i]));
            worst = Math.max(worst, error);
        }
        return worst;
    }

    private static void set(MlpBatch models, boolean weights, int layer, double[] values) {
        if (weights) {
            models.uploadWeights(layer, values);
        } else {
            models.uploadBiases(layer, values);
        }
    }

    private static double[] loss(MlpBatch models, Workspace ws, LossKind loss) {
        ForwardPass.forward(backend, models, ws);
        return backend.lossAndGradient(loss, ws.output(), ws.target, null);
    }

}
