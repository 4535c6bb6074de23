package dev.scalelab.pruning.popup;

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
import dev.scalelab.engine.nd4j.Nd4jBackend;
import java.nio.file.Path;
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
                    1), classes, 100, null);
            for (double acc : r.testAccuracy()) {
                assertTrue(acc > 0.75, "accuracy " + acc);
            }
        }
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
