package dev.scalelab.core.task;

import dev.scalelab.core.UserInputException;

/**
 * What data to train on. {@code trainSize} is N; {@code inputDim} is d (fixed at 784 for Fashion-MNIST);
 * {@code classes} for classification tasks; {@code testSize} 0 means no held-out set; {@code teacherWidth}
 * for teacher-student; {@code dataSeed} draws the data (independent of the model's init seed).
 */
public record TaskSpec(TaskKind kind, int trainSize, int inputDim, int classes, int testSize, int teacherWidth,
                       long dataSeed) {

    public TaskSpec {
        UserInputException.require(kind != null, "task must be given");
        UserInputException.require(trainSize > 0, "N (training set size) must be positive, got " + trainSize);
        UserInputException.require(testSize >= 0, "test size must be ≥ 0, got " + testSize);
        if (kind == TaskKind.FASHION_MNIST) {
            inputDim = FashionMnist.PIXELS;
            classes = FashionMnist.CLASSES;
            UserInputException.require(trainSize <= FashionMnist.TRAIN_SIZE,
                    "N must be ≤ " + FashionMnist.TRAIN_SIZE + " for fashion_mnist, got " + trainSize);
            UserInputException.require(testSize <= FashionMnist.TEST_SIZE,
                    "test size must be ≤ " + FashionMnist.TEST_SIZE + " for fashion_mnist, got " + testSize);
        }
        UserInputException.require(inputDim > 0, "d (input dimension) must be positive, got " + inputDim);
        if (kind == TaskKind.RANDOM_CLASSES) {
            UserInputException.require(classes >= 2, "classes must be ≥ 2, got " + classes);
        }
        if (kind == TaskKind.TEACHER_STUDENT) {
            UserInputException.require(teacherWidth > 0, "teacher width must be positive, got " + teacherWidth);
        }
    }

    public static TaskSpec randomRegression(int n, int d, long dataSeed) {
        return new TaskSpec(TaskKind.RANDOM_REGRESSION, n, d, 0, 0, 0, dataSeed);
    }

    public boolean classification() {
        return kind == TaskKind.RANDOM_CLASSES || kind == TaskKind.FASHION_MNIST;
    }

    /** Width of the network's output layer this task needs. */
    public int outputDim() {
        return classification() ? classes : 1;
    }
}
