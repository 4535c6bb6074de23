package dev.scalelab.core.task;

import dev.scalelab.core.UserInputException;

/**
 * What data to train on. {@code trainSize} is N; {@code inputDim} is d (fixed at 784 for Fashion-MNIST);
 * {@code classes} for classification tasks; {@code testSize} 0 means no held-out set; {@code teacherWidth}
 * for teacher-student; {@code dataSeed} draws the data (independent of the model's init seed).
 */
public record TaskSpec(TaskKind kind, int trainSize, int inputDim, int classes, int testSize, int teacherWidth,
                       long dataSeed, int order, ReluTeacher reluTeacher) {

    /** The tent-map order of a sawtooth task when none is given. */
    public static final int DEFAULT_ORDER = 3;

    /** Most elements one Java array (a data matrix, a parameter buffer) can hold. */
    public static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    public TaskSpec {
        UserInputException.require(kind != null, "task must be given");
        if (kind == TaskKind.RELU_TEACHER) {
            UserInputException.require(reluTeacher != null, "task.kind", "relu_teacher needs its teacher's shape");
            UserInputException.require(trainSize == 0, "task.n", "relu_teacher streams fresh samples every step: "
                    + "leave out task.n (the fixed test set is task.test_size), got " + trainSize);
            UserInputException.require(testSize > 0, "task.test_size",
                    "relu_teacher needs a fixed test set: task.test_size ≥ 1 (the study uses 100000)");
            inputDim = reluTeacher.ambientDim();
        } else {
            UserInputException.require(reluTeacher == null, "task.kind", "only relu_teacher has a ReLU teacher");
        }
        UserInputException.require(trainSize > 0 || kind == TaskKind.RELU_TEACHER, "task.n", "N (training set size) must be positive, got " + trainSize);
        UserInputException.require(testSize >= 0, "task.test_size", "test size must be ≥ 0, got " + testSize);
        if (kind == TaskKind.FASHION_MNIST) {
            inputDim = FashionMnist.PIXELS;
            classes = FashionMnist.CLASSES;
            UserInputException.require(trainSize <= FashionMnist.TRAIN_SIZE, "task.n",
                    "N must be ≤ " + FashionMnist.TRAIN_SIZE + " for fashion_mnist, got " + trainSize);
            UserInputException.require(testSize <= FashionMnist.TEST_SIZE, "task.test_size",
                    "test size must be ≤ " + FashionMnist.TEST_SIZE + " for fashion_mnist, got " + testSize);
        }
        if (kind == TaskKind.SAWTOOTH) {
            inputDim = 1;
            UserInputException.require(order >= 1 && order <= 30, "task.order", "sawtooth order must be in 1..30, got " + order);
        }
        if (kind == TaskKind.SIN_COS) {
            inputDim = 2;
        }
        if (kind == TaskKind.COMPOSITIONAL || kind == TaskKind.COMPOSITIONAL_MIXED) {
            UserInputException.require(inputDim >= 2 && Integer.bitCount(inputDim) == 1, "task.d",
                    kind + " needs d a power of 2 (the leaves of a binary tree), got " + inputDim);
        }
        UserInputException.require(inputDim > 0, "task.d", "d (input dimension) must be positive, got " + inputDim);
        if (kind == TaskKind.RANDOM_CLASSES) {
            UserInputException.require(classes >= 2, "task.classes", "classes must be ≥ 2, got " + classes);
        }
        if (kind == TaskKind.TEACHER_STUDENT) {
            UserInputException.require(teacherWidth > 0, "task.teacher_width", "teacher width must be positive, got " + teacherWidth);
            requireArray("task.teacher_width", "the teacher's weights (teacher width × d)", (long) teacherWidth * inputDim);
        }
        // Data live in one float array per set: N × d inputs, N × classes one-hot targets.
        requireArray("task.n", "the training inputs (N × d)", (long) trainSize * inputDim);
        requireArray("task.test_size", "the test inputs (test size × d)", (long) testSize * inputDim);
        int targetWidth = kind == TaskKind.RANDOM_CLASSES || kind == TaskKind.FASHION_MNIST ? classes : 1;
        requireArray("task.n", "the training targets (N × classes)", (long) trainSize * targetWidth);
        requireArray("task.test_size", "the test targets (test size × classes)", (long) testSize * targetWidth);
    }

    private static void requireArray(String field, String what, long elements) {
        UserInputException.require(elements <= MAX_ARRAY, field, what + " would need " + elements
                + " elements, more than one array can hold (" + MAX_ARRAY + ")");
    }

    public TaskSpec(TaskKind kind, int trainSize, int inputDim, int classes, int testSize, int teacherWidth,
                    long dataSeed) {
        this(kind, trainSize, inputDim, classes, testSize, teacherWidth, dataSeed, DEFAULT_ORDER);
    }

    public TaskSpec(TaskKind kind, int trainSize, int inputDim, int classes, int testSize, int teacherWidth,
                    long dataSeed, int order) {
        this(kind, trainSize, inputDim, classes, testSize, teacherWidth, dataSeed, order, null);
    }

    /** A relu_teacher task: samples streamed from {@code teacher}, a fixed test set of {@code testSize}. */
    public static TaskSpec reluTeacher(ReluTeacher teacher, int testSize, long dataSeed) {
        return new TaskSpec(TaskKind.RELU_TEACHER, 0, teacher.ambientDim(), 0, testSize, teacher.width(), dataSeed,
                DEFAULT_ORDER, teacher);
    }

    /** Whether training samples are drawn fresh every step (no fixed training set). */
    public boolean streaming() {
        return kind == TaskKind.RELU_TEACHER;
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
