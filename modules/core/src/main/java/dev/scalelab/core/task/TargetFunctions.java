package dev.scalelab.core.task;

import dev.scalelab.core.util.Rng;
import java.util.function.ToDoubleFunction;

/**
 * Regression on a known function of the input: the targets of the approximation-theory experiments
 * ({@link TaskKind#SAWTOOTH}, {@link TaskKind#COMPOSITIONAL}, {@link TaskKind#COMPOSITIONAL_MIXED}, {@link TaskKind#SIN_COS},
 * {@link TaskKind#SINE_TEACHER}). Deterministic in the spec's data seed.
 */
public final class TargetFunctions {
    private TargetFunctions() {
    }

    static TaskData create(TaskSpec spec) {
        Rng rng = Rng.forPurpose(spec.dataSeed(), "data");
        int d = spec.inputDim();
        return switch (spec.kind()) {
            case SAWTOOTH -> {
                ToDoubleFunction<double[]> f = x -> tent(x[0], spec.order());
                Dataset test = spec.testSize() > 0 ? grid01(spec.testSize(), f) : null;
                yield new TaskData(sample(rng, spec.trainSize(), 1, 0, 1, f), test);
            }
            case COMPOSITIONAL -> standardised(sampled(spec, rng, -1, 1, TargetFunctions::binaryTree));
            case COMPOSITIONAL_MIXED -> standardised(sampled(spec, rng, -1, 1, TargetFunctions::mixedTree));
            case SIN_COS -> sampled(spec, rng, -1, 1, x -> Math.sin(3 * x[0]) * Math.cos(2 * x[1]));
            case SINE_TEACHER -> {
                Rng teacher = Rng.forPurpose(spec.dataSeed(), "teacher");
                double[][] a = new double[d][d];
                for (double[] row : a) {
                    for (int i = 0; i < d; i++) {
                        row[i] = 3 * teacher.normal();
                    }
                }
                yield sampled(spec, rng, -1, 1, x -> sineSum(a, x));
            }
            default -> throw new IllegalArgumentException(spec.kind() + " is not a target-function task");
        };
    }

    /** Δ^k(x): the tent map Δ(x) = 2x on [0, ½], 2(1 − x) on (½, 1], applied k times. */
    public static double tent(double x, int k) {
        double y = x;
        for (int i = 0; i < k; i++) {
            y = y <= 0.5 ? 2 * y : 2 * (1 - y);
        }
        return y;
    }

    /** The binary tree of two-input functions over x (length a power of 2): h₁ at the leaves, h₂ above. */
    static double binaryTree(double[] x) {
        double[] level = new double[x.length / 2];
        for (int i = 0; i < level.length; i++) {
            level[i] = 0.59 * Math.cos(1.5 * Math.PI * (x[2 * i] + x[2 * i + 1]));
        }
        while (level.length > 1) {
            double[] up = new double[level.length / 2];
            for (int i = 0; i < up.length; i++) {
                double s = level[2 * i] + level[2 * i + 1] + 1;
                up[i] = 1.1 * s * s - 1;
            }
            level = up;
        }
        return level[0];
    }

    /** The node function of {@link TaskKind#COMPOSITIONAL_MIXED}: h(a, b) = 0.7 sin(3a + 1.5b) + 0.3ab. */
    public static double mixedNode(double a, double b) {
        return 0.7 * Math.sin(3 * a + 1.5 * b) + 0.3 * a * b;
    }

    /** The binary tree of {@link #mixedNode} over x (length a power of 2), log₂ d levels. */
    public static double mixedTree(double[] x) {
        double[] level = x.clone();
        while (level.length > 1) {
            double[] up = new double[level.length / 2];
            for (int i = 0; i < up.length; i++) {
                up[i] = mixedNode(level[2 * i], level[2 * i + 1]);
            }
            level = up;
        }
        return level[0];
    }

    private static double sineSum(double[][] a, double[] x) {
        double sum = 0;
        for (double[] aj : a) {
            double dot = 0;
            for (int i = 0; i < x.length; i++) {
                dot += aj[i] * x[i];
            }
            sum += Math.sin(dot);
        }
        return sum / Math.sqrt(x.length);
    }

    private static TaskData sampled(TaskSpec spec, Rng rng, double lo, double hi, ToDoubleFunction<double[]> f) {
        Dataset train = sample(rng, spec.trainSize(), spec.inputDim(), lo, hi, f);
        Dataset test = spec.testSize() > 0 ? sample(rng, spec.testSize(), spec.inputDim(), lo, hi, f) : null;
        return new TaskData(train, test);
    }

    private static Dataset sample(Rng rng, int n, int d, double lo, double hi, ToDoubleFunction<double[]> f) {
        float[] xs = new float[n * d];
        float[] ys = new float[n];
        double[] x = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                xs[i * d + j] = (float) rng.uniform(lo, hi);
                x[j] = xs[i * d + j];
            }
            ys[i] = (float) f.applyAsDouble(x);
        }
        return new Dataset(n, d, 1, xs, ys, null);
    }

    /** n evenly spaced points 0, 1/(n−1), ..., 1 (one point: 0). */
    private static Dataset grid01(int n, ToDoubleFunction<double[]> f) {
        float[] xs = new float[n];
        float[] ys = new float[n];
        for (int i = 0; i < n; i++) {
            xs[i] = n == 1 ? 0f : (float) ((double) i / (n - 1));
            ys[i] = (float) f.applyAsDouble(new double[] {xs[i]});
        }
        return new Dataset(n, 1, 1, xs, ys, null);
    }

    /** Targets shifted and scaled by the training set's mean and standard deviation (the test set's too). */
    private static TaskData standardised(TaskData data) {
        float[] y = data.train().targets();
        double mean = 0;
        for (float v : y) {
            mean += v;
        }
        mean /= y.length;
        double var = 0;
        for (float v : y) {
            var += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(var / y.length);
        double scale = sd > 0 ? 1 / sd : 1;
        return new TaskData(shift(data.train(), mean, scale), data.hasTest() ? shift(data.test(), mean, scale) : null);
    }

    private static Dataset shift(Dataset d, double mean, double scale) {
        float[] y = new float[d.targets().length];
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) ((d.targets()[i] - mean) * scale);
        }
        return new Dataset(d.size(), d.inputDim(), 1, d.inputs(), y, null);
    }
}
