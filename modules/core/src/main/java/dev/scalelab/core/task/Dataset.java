package dev.scalelab.core.task;

import dev.scalelab.core.UserInputException;

/**
 * Examples stored row-major: {@code inputs[i*inputDim + j]}, {@code targets[i*outputDim + k]}. For
 * classification the targets are one-hot and {@code labels} holds the class indices; otherwise labels is null.
 */
public record Dataset(int size, int inputDim, int outputDim, float[] inputs, float[] targets, int[] labels) {

    public Dataset {
        UserInputException.require(size > 0, "a dataset needs at least one example");
        if (inputs.length != (long) size * inputDim || targets.length != (long) size * outputDim) {
            throw new IllegalArgumentException("dataset arrays do not match size " + size);
        }
        if (labels != null && labels.length != size) {
            throw new IllegalArgumentException("labels do not match size " + size);
        }
    }

    public boolean classification() {
        return labels != null;
    }

    public static Dataset classification(int size, int inputDim, int classes, float[] inputs, int[] labels) {
        float[] targets = new float[size * classes];
        for (int i = 0; i < size; i++) {
            targets[i * classes + labels[i]] = 1f;
        }
        return new Dataset(size, inputDim, classes, inputs, targets, labels);
    }

    /** The first {@code n} examples (a view-free copy). */
    public Dataset head(int n) {
        if (n >= size) {
            return this;
        }
        float[] x = java.util.Arrays.copyOf(inputs, n * inputDim);
        float[] y = java.util.Arrays.copyOf(targets, n * outputDim);
        int[] l = labels == null ? null : java.util.Arrays.copyOf(labels, n);
        return new Dataset(n, inputDim, outputDim, x, y, l);
    }
}
