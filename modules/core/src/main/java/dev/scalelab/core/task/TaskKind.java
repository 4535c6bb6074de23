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
    FASHION_MNIST("fashion_mnist");

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
        throw new UserInputException(where + ": unknown task '" + text
                + "' (expected random_regression, random_classes, teacher_student or fashion_mnist)");
    }

    @Override
    public String toString() {
        return id;
    }
}
