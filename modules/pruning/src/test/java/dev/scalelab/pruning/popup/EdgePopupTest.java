package dev.scalelab.pruning.popup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.core.spec.Activation;
import dev.scalelab.core.spec.MlpSpec;
import dev.scalelab.core.task.TaskData;
import dev.scalelab.core.task.TaskFactory;
import dev.scalelab.core.task.TaskKind;
import dev.scalelab.core.task.TaskSpec;
import dev.scalelab.core.util.Rng;
import dev.scalelab.engine.compute.Precision;
import dev.scalelab.engine.model.MlpBatch;
import dev.scalelab.engine.model.ParameterTensors;
import dev.scalelab.engine.nd4j.Nd4jBackend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EdgePopupTest {

    @Test
    void topKKeepsExactlyTheLargestMagnitudes() {
        TopK topK = new TopK();
        Rng rng = new Rng(3);
        double[] s = new double[1000];
        for (int i = 0; i < s.length; i++) {
            s[i] = rng.normal();
        }
        double[] mask = new double[1000];
        topK.mask(s, 0, 1000, 137, mask);
        double minKept = Double.POSITIVE_INFINITY;
        double maxDropped = 0;
        int kept = 0;
        for (int i = 0; i < 1000; i++) {
            if (mask[i] == 1) {
                kept++;
                minKept = Math.min(minKept, Math.abs(s[i]));
            } else {
                maxDropped = Math.max(maxDropped, Math.abs(s[i]));
            }
        }
        assertEquals(137, kept);
        assertTrue(maxDropped <= minKept);
        double[] ties = new double[10];
        java.util.Arrays.fill(ties, 1.0);
        double[] m2 = new double[10];
        topK.mask(ties, 0, 10, 4, m2);
        assertEquals(List.of(1.0, 1.0, 1.0, 1.0, 0.0), java.util.Arrays.stream(m2).limit(5).boxed().toList());
    }

    @Test
    void learnsAMaskOnFrozenRandomWeights() {
        TaskData data = new TaskFactory(Path.of("unused")).create(new TaskSpec(TaskKind.TEACHER_STUDENT, 512, 10, 0,
                256, 4, 3));
        // Turn the teacher's regression targets into two classes (sign), a task a random net cannot do untrained.
        int[] train = labels(data.train().targets());
        int[] test = labels(data.test().targets());
        TaskData classes = new TaskData(dev.scalelab.core.task.Dataset.classification(512, 10, 2,
                data.train().inputs(), train), dev.scalelab.core.task.Dataset.classification(256, 10, 2,
                data.test().inputs(), test));
        MlpSpec spec = new MlpSpec(10, List.of(64), 2, Activation.RELU);
        List<EdgePopup.Variant> variants = List.of(new EdgePopup.Variant(EdgePopup.WeightInit.SIGNED_CONSTANT, 0.5),
                new EdgePopup.Variant(EdgePopup.WeightInit.KAIMING_NORMAL, 0.5));
        try (Nd4jBackend backend = new Nd4jBackend(Precision.FP32)) {
            EdgePopup.Result r = EdgePopup.train(backend, new EdgePopup.Spec(spec, variants, 300, 64, 0.1, 0.9, 5e-4,
                    1), classes, 100, dev.scalelab.engine.train.TrainingListener.NONE);
            for (double acc : r.testAccuracy()) {
                assertTrue(acc > 0.75, "accuracy " + acc);
            }
        }
    }

    @Test
    void scoreUpdateIsStraightThroughAndKeepsExactlyKWeightsPerLayer() {
        MlpSpec spec = new MlpSpec(6, List.of(5), 4, Activation.RELU);
        List<EdgePopup.Variant> variants = List.of(new EdgePopup.Variant(EdgePopup.WeightInit.SIGNED_CONSTANT, 0.3),
                new EdgePopup.Variant(EdgePopup.WeightInit.KAIMING_NORMAL, 0.5));
        int k = variants.size();
        double lr = 0.1;
        double wd = 0.01;
        EdgePopup.Spec es = new EdgePopup.Spec(spec, variants, 10, 1, lr, 0, wd, 1);
        Rng rng = new Rng(9);
        List<double[]> w = new ArrayList<>();
        List<double[]> s = new ArrayList<>();
        List<double[]> g = new ArrayList<>();
        List<double[]> zero = new ArrayList<>();
        for (int l = 0; l < spec.layerCount(); l++) {
            int n = k * spec.fanIn(l) * spec.fanOut(l);
            w.add(normals(rng, n));
            s.add(normals(rng, n));
            g.add(normals(rng, n));
            zero.add(new double[k * spec.fanOut(l)]);
        }
        List<double[]> s0 = s.stream().map(double[]::clone).toList();
        try (Nd4jBackend backend = new Nd4jBackend(Precision.FP64)) {
            MlpBatch models = MlpBatch.of(backend, spec, k, w, zero);
            ScoreUpdate update = new ScoreUpdate(models, es, w, s);
            assertMaskedWeights(models, variants, w, s0);

            ParameterTensors grads = ParameterTensors.zeros(backend, spec, k);
            for (int l = 0; l < spec.layerCount(); l++) {
                backend.upload(g.get(l), grads.weights().get(l));
            }
            update.step(1, grads); // cosine schedule: the first step uses the full rate
            List<double[]> expected = new ArrayList<>();
            for (int l = 0; l < spec.layerCount(); l++) {
                double[] e = s0.get(l).clone();
                for (int i = 0; i < e.length; i++) {
                    e[i] -= lr * (g.get(l)[i] * w.get(l)[i] * Math.signum(e[i]) + wd * e[i]);
                }
                expected.add(e);
                assertArrayEquals(e, s.get(l), 1e-12, "scores of layer " + l);
            }
            assertMaskedWeights(models, variants, w, expected);

            update.freeze(1);
            update.step(2, grads);
            int size = spec.fanIn(0) * spec.fanOut(0);
            assertArrayEquals(java.util.Arrays.copyOfRange(expected.get(0), size, 2 * size),
                    java.util.Arrays.copyOfRange(s.get(0), size, 2 * size), 0.0, "a frozen model's scores moved");
            assertTrue(s.get(0)[0] != expected.get(0)[0], "the other model stopped too");
        }
    }

    /** The models' weights are w where the top-k |score| mask keeps them, 0 elsewhere, exactly k·size per layer. */
    private static void assertMaskedWeights(MlpBatch models, List<EdgePopup.Variant> variants, List<double[]> w,
                                            List<double[]> scores) {
        MlpSpec spec = models.spec();
        for (int l = 0; l < spec.layerCount(); l++) {
            int size = spec.fanIn(l) * spec.fanOut(l);
            double[] actual = models.downloadWeights(l);
            for (int m = 0; m < variants.size(); m++) {
                double[] mask = new double[actual.length];
                int keep = (int) Math.round(variants.get(m).k() * size);
                new TopK().mask(scores.get(l), m * size, size, keep, mask);
                int kept = 0;
                for (int i = m * size; i < (m + 1) * size; i++) {
                    assertEquals(mask[i] * w.get(l)[i], actual[i], 0.0, "layer " + l + " model " + m + " index " + i);
                    kept += actual[i] != 0 ? 1 : 0;
                }
                assertEquals(keep, kept, "kept weights of layer " + l + " model " + m);
            }
        }
    }

    private static double[] normals(Rng rng, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.normal();
        }
        return v;
    }

    private static int[] labels(float[] y) {
        float[] sorted = y.clone();
        java.util.Arrays.sort(sorted);
        float median = sorted[sorted.length / 2];
        int[] l = new int[y.length];
        for (int i = 0; i < y.length; i++) {
            l[i] = y[i] > median ? 1 : 0;
        }
        return l;
    }
}
