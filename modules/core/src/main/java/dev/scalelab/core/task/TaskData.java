package dev.scalelab.core.task;

/** A task's training set and its optional held-out set (null when the task has none). */
public record TaskData(Dataset train, Dataset test) {
    public boolean hasTest() {
        return test != null;
    }
}
