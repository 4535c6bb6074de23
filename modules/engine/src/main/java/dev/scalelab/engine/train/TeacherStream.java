package dev.scalelab.engine.train;

import dev.scalelab.core.spec.Activation;
import dev.scalelab.core.spec.MlpSpec;
import dev.scalelab.core.task.Dataset;
import dev.scalelab.core.task.ReluTeacher;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.model.MlpBatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fresh samples from a {@link ReluTeacher} every step, drawn and labelled on the backend: the inputs by
 * {@link ComputeBackend#fillUniform} at the stream's position, the targets by the teacher's forward pass (one
 * model, on the same backend), both copied into the models that share the stream. Models with the same data seed
 * share one stream, as every run of Sharma &amp; Kaplan's {@code L2.py} reads the same samples in the same order;
 * each sample is used once. The fixed test set is a second stream of the same seed, labelled the same way.
 */
final class TeacherStream implements SampleSource {
    private static final int TEST_CHUNK = 4096;

    private final ComputeBackend backend;
    private final ReluTeacher teacher;
    private final MlpBatch network;
    private final long[] dataSeeds;
    private final int[][] modelsOf;
    private final Map<Integer, Workspace> workspaces = new HashMap<>();

    /** {@code dataSeeds[k]}: the data seed of model k. */
    TeacherStream(ComputeBackend backend, ReluTeacher teacher, long[] dataSeeds) {
        this.backend = backend;
        this.teacher = teacher;
        int[] sizes = teacher.layerSizes();
        List<Integer> hidden = new ArrayList<>();
        for (int l = 1; l + 1 < sizes.length; l++) {
            hidden.add(sizes[l]);
        }
        MlpSpec spec = new MlpSpec(sizes[0], hidden, 1, Activation.RELU);
        List<double[]> biases = new ArrayList<>();
        for (int l = 1; l < sizes.length; l++) {
            biases.add(new double[sizes[l]]);
        }
        this.network = MlpBatch.of(backend, spec, 1, teacher.weights(), biases);
        Map<Long, List<Integer>> groups = new LinkedHashMap<>();
        for (int m = 0; m < dataSeeds.length; m++) {
            groups.computeIfAbsent(dataSeeds[m], s -> new ArrayList<>()).add(m);
        }
        this.dataSeeds = groups.keySet().stream().mapToLong(Long::longValue).toArray();
        this.modelsOf = groups.values().stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray())
                .toArray(int[][]::new);
    }

    @Override
    public boolean sameEveryStep() {
        return false;
    }

    @Override
    public void fill(long drawn, Workspace ws) {
        Workspace t = workspace(ws.rows);
        for (int g = 0; g < dataSeeds.length; g++) {
            label(t, ReluTeacher.streamSeed(dataSeeds[g], false), drawn);
            backend.copyToModels(t.input, ws.input, modelsOf[g]);
            backend.copyToModels(t.output(), ws.target, modelsOf[g]);
        }
    }

    /** Each of the {@code models} models' fixed test set of {@code size} samples (shared within a data seed). */
    List<Dataset> testSets(int size, int models) {
        Dataset[] out = new Dataset[models];
        for (int g = 0; g < dataSeeds.length; g++) {
            Dataset test = testSet(ReluTeacher.streamSeed(dataSeeds[g], true), size);
            for (int m : modelsOf[g]) {
                out[m] = test;
            }
        }
        return List.of(out);
    }

    private Dataset testSet(long stream, int size) {
        int in = teacher.ambientDim();
        float[] x = new float[size * in];
        float[] y = new float[size];
        for (int start = 0; start < size; start += TEST_CHUNK) {
            int rows = Math.min(TEST_CHUNK, size - start);
            Workspace t = workspace(rows);
            label(t, stream, start);
            double[] xs = backend.download(t.input);
            double[] ys = backend.download(t.output());
            for (int i = 0; i < xs.length; i++) {
                x[start * in + i] = (float) xs[i];
            }
            for (int i = 0; i < ys.length; i++) {
                y[start + i] = (float) ys[i];
            }
        }
        return new Dataset(size, in, 1, x, y, null);
    }

    /** Draws samples [drawn, drawn + rows) of a stream into the teacher's input and labels them. */
    private void label(Workspace t, long stream, long drawn) {
        backend.fillUniform(t.input, stream, drawn * teacher.ambientDim());
        ForwardPass.forward(backend, network, t);
    }

    private Workspace workspace(int rows) {
        return workspaces.computeIfAbsent(rows, r -> new Workspace(backend, network.spec(), 1, r));
    }
}
