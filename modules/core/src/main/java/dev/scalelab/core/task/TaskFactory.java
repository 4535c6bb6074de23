package dev.scalelab.core.task;

import dev.scalelab.core.util.Rng;
import java.nio.file.Path;

/** Builds the data of a task from its spec. Deterministic in the spec's data seed. */
public final class TaskFactory {
    private final Path fashionMnistDir;

    public TaskFactory(Path fashionMnistDir) {
        this.fashionMnistDir = fashionMnistDir;
    }

    public static TaskFactory withDefaultDataDir() {
        return new TaskFactory(FashionMnist.defaultDirectory());
    }

    public TaskData create(TaskSpec spec) {
        return switch (spec.kind()) {
            case RANDOM_REGRESSION -> randomRegression(spec);
            case RANDOM_CLASSES -> randomClasses(spec);
            case TEACHER_STUDENT -> teacherStudent(spec);
            case FASHION_MNIST -> fashionMnist(spec);
            case SAWTOOTH, COMPOSITIONAL, COMPOSITIONAL_MIXED, SIN_COS, SINE_TEACHER -> TargetFunctions.create(spec);
            case RELU_TEACHER -> throw new IllegalArgumentException(
                    "relu_teacher has no fixed training set: its samples are streamed by the engine's backend");
        };
    }

    private static TaskData randomRegression(TaskSpec spec) {
        Rng rng = Rng.forPurpose(spec.dataSeed(), "data");
        return new TaskData(regression(rng, spec.trainSize(), spec.inputDim()),
                spec.testSize() > 0 ? regression(rng, spec.testSize(), spec.inputDim()) : null);
    }

    private static Dataset regression(Rng rng, int n, int d) {
        float[] x = gaussian(rng, n * d);
        float[] y = gaussian(rng, n);
        return new Dataset(n, d, 1, x, y, null);
    }

    private static TaskData randomClasses(TaskSpec spec) {
        Rng rng = Rng.forPurpose(spec.dataSeed(), "data");
        return new TaskData(classes(rng, spec.trainSize(), spec.inputDim(), spec.classes()),
                spec.testSize() > 0 ? classes(rng, spec.testSize(), spec.inputDim(), spec.classes()) : null);
    }

    private static Dataset classes(Rng rng, int n, int d, int classes) {
        float[] x = gaussian(rng, n * d);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = rng.nextInt(classes);
        }
        return Dataset.classification(n, d, classes, x, labels);
    }

    private static TaskData teacherStudent(TaskSpec spec) {
        Rng rng = Rng.forPurpose(spec.dataSeed(), "teacher");
        Teacher teacher = Teacher.random(rng, spec.inputDim(), spec.teacherWidth());
        Rng dataRng = Rng.forPurpose(spec.dataSeed(), "data");
        return new TaskData(teacher.label(dataRng, spec.trainSize()),
                spec.testSize() > 0 ? teacher.label(dataRng, spec.testSize()) : null);
    }

    private TaskData fashionMnist(TaskSpec spec) {
        FashionMnist data = new FashionMnist(fashionMnistDir);
        Dataset train = data.load(false).head(spec.trainSize());
        Dataset test = spec.testSize() > 0 ? data.load(true).head(spec.testSize()) : null;
        return new TaskData(train, test);
    }

    static float[] gaussian(Rng rng, int count) {
        float[] v = new float[count];
        for (int i = 0; i < count; i++) {
            v[i] = (float) rng.normal();
        }
        return v;
    }

    /** y = Σ_j a_j · relu(w_j·x + b_j), with w ~ N(0, I/d), b ~ N(0, 1), a ~ N(0, 1/width). */
    private record Teacher(int inputDim, int width, double[] w, double[] b, double[] a) {
        static Teacher random(Rng rng, int d, int width) {
            double[] w = new double[width * d];
            double[] b = new double[width];
            double[] a = new double[width];
            for (int i = 0; i < w.length; i++) {
                w[i] = rng.normal() / Math.sqrt(d);
            }
            for (int j = 0; j < width; j++) {
                b[j] = rng.normal();
                a[j] = rng.normal() / Math.sqrt(width);
            }
            return new Teacher(d, width, w, b, a);
        }

        Dataset label(Rng rng, int n) {
            float[] x = gaussian(rng, n * inputDim);
            float[] y = new float[n];
            for (int i = 0; i < n; i++) {
                double out = 0;
                for (int j = 0; j < width; j++) {
                    double z = b[j];
                    for (int k = 0; k < inputDim; k++) {
                        z += w[j * inputDim + k] * x[i * inputDim + k];
                    }
                    out += a[j] * Math.max(z, 0);
                }
                y[i] = (float) out;
            }
            return new Dataset(n, inputDim, 1, x, y, null);
        }
    }
}
