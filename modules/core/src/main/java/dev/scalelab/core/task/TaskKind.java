package dev.scalelab.core.task;

import dev.scalelab.core.UserInputException;
import java.util.Locale;

/** The learning problems ScaleLab generates or loads. */
public enum TaskKind {
    /** x ~ N(0, I_d), y ~ N(0, 1): pure memorization, nothing to generalize. */
    RANDOM_REGRESSION("random_regression"),
    /** x ~ N(0, I_d), labels uniform over the classes. */
    RANDOM_CLASSES("random_classes"),
    /** x ~ N(0, I_d), y = a fixed random two-layer ReLU teacher's output. */
    TEACHER_STUDENT("teacher_student"),
    /** Fashion-MNIST from Debian's dataset-fashion-mnist package, pixels scaled to [0, 1]. */
    FASHION_MNIST("fashion_mnist"),
    /** x ~ U[0, 1] (test: an even grid of [0, 1]), y = Δ^k(x), the k-fold tent map (Telgarsky's sawtooth). */
    SAWTOOTH("sawtooth"),
    /**
     * x ~ U[−1, 1]^d (d a power of 2), y = a binary tree of two-input functions (Mhaskar–Poggio): the first level
     * h₁(a, b) = 0.59 cos(1.5π(a + b)), every later level h₂(a, b) = 1.1 (a + b + 1)² − 1; targets standardised
     * with the training set's mean and standard deviation.
     */
    COMPOSITIONAL("compositional"),
    /**
     * x ~ U[−1, 1]^d (d a power of 2), y = a binary tree with the same genuinely two-variable node function at every
     * level, h(a, b) = 0.7 sin(3a + 1.5b) + 0.3ab (not a function of a + b, not symmetric, not additive; maps
     * [−1, 1]² into [−1, 1], so the tree stays bounded and its spread does not shrink with depth); targets
     * standardised with the training set's mean and standard deviation.
     */
    COMPOSITIONAL_MIXED("compositional_mixed"),
    /** x ~ U[−1, 1]², y = sin(3x₁)·cos(2x₂): a smooth target for the parameter-growth experiments. */
    SIN_COS("sin_cos"),
    /** x ~ U[−1, 1]^d, y = Σⱼ₌₁..d sin(aⱼ·x)/√d with aⱼ ~ 3·N(0, I_d) drawn once from the data seed. */
    SINE_TEACHER("sine_teacher"),
    /**
     * Sharma &amp; Kaplan's data-manifold task: x ~ U[−½, ½]^ambient, y = a fixed random ReLU teacher of d of the
     * coordinates ({@link ReluTeacher}); streamed, fresh samples every step, and a fixed test set.
     */
    RELU_TEACHER("relu_teacher");

    private final String id;

    TaskKind(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static TaskKind parse(String text, String where) {
        String key = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        for (TaskKind k : values()) {
            if (k.id.equals(key)) {
                return k;
            }
        }
        throw new UserInputException(where + ": unknown task '" + text + "' (expected one of "
                + java.util.Arrays.stream(values()).map(TaskKind::id).collect(java.util.stream.Collectors.joining(", "))
                + ")");
    }

    @Override
    public String toString() {
        return id;
    }
}
