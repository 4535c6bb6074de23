package dev.scalelab.engine.train;

import dev.scalelab.core.spec.LossKind;
import dev.scalelab.core.task.Dataset;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.model.MlpBatch;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loss (and accuracy for classification) of K models on K same-size datasets, in chunks of rows; and the raw
 * outputs of K models on given inputs.
 */
public final class Evaluator {
    /** Loss and accuracy per model; accuracy is NaN for regression. */
    public record Result(double[] loss, double[] accuracy) {
    }

    private static final int CHUNK = 2048;
    private final ComputeBackend backend;
    private final Map<List<Object>, Workspace> workspaces = new HashMap<>();

    public Evaluator(ComputeBackend backend) {
        this.backend = backend;
    }

    public Result evaluate(MlpBatch models, LossKind loss, List<Dataset> data) {
        int k = models.models();
        int n = data.get(0).size();
        int in = models.spec().inputDim();
        int out = models.spec().outputDim();
        double[] lossSum = new double[k];
        double[] correct = new double[k];
        boolean classification = data.get(0).classification();
        for (int start = 0; start < n; start += CHUNK) {
            int rows = Math.min(CHUNK, n - start);
            Workspace ws = workspace(models, rows);
            float[] x = new float[k * rows * in];
            float[] y = new float[k * rows * out];
            for (int m = 0; m < k; m++) {
                Dataset d = data.get(m);
                System.arraycopy(d.inputs(), start * in, x, m * rows * in, rows * in);
                System.arraycopy(d.targets(), start * out, y, m * rows * out, rows * out);
            }
            backend.upload(x, ws.input);
            backend.upload(y, ws.target);
            ForwardPass.forward(backend, models, ws);
            double[] chunkLoss = backend.lossAndGradient(loss, ws.output(), ws.target, null);
            for (int m = 0; m < k; m++) {
                lossSum[m] += chunkLoss[m] * rows;
            }
            if (classification) {
                countCorrect(backend.download(ws.output()), data, start, rows, out, correct);
            }
        }
        double[] accuracy = new double[k];
        for (int m = 0; m < k; m++) {
            lossSum[m] /= n;
            accuracy[m] = classification ? correct[m] / n : Double.NaN;
        }
        return new Result(lossSum, accuracy);
    }

    /** The outputs [K, rows, out] (row-major) of the K models for inputs [K, rows, in] (row-major). */
    public double[] outputs(MlpBatch models, double[] inputs, int rows) {
        int expected = models.models() * rows * models.spec().inputDim();
        if (inputs.length != expected) {
            throw new IllegalArgumentException("inputs must be [K, rows, in] = " + expected + " values, got "
                    + inputs.length);
        }
        Workspace ws = workspace(models, rows);
        backend.upload(inputs, ws.input);
        ForwardPass.forward(backend, models, ws);
        return backend.download(ws.output());
    }

    private Workspace workspace(MlpBatch models, int rows) {
        return workspaces.computeIfAbsent(List.of(models.spec(), models.models(), rows),
                key -> new Workspace(backend, models.spec(), models.models(), rows));
    }

    private static void countCorrect(double[] outputs, List<Dataset> data, int start, int rows, int classes,
                                     double[] correct) {
        for (int m = 0; m < data.size(); m++) {
            int[] labels = data.get(m).labels();
            for (int r = 0; r < rows; r++) {
                int base = (m * rows + r) * classes;
                int best = 0;
                for (int c = 1; c < classes; c++) {
                    if (outputs[base + c] > outputs[base + best]) {
                        best = c;
                    }
                }
                if (best == labels[start + r]) {
                    correct[m]++;
                }
            }
        }
    }
}
