package dev.scalelab.core.config;

import dev.scalelab.core.task.TaskKind;
import dev.scalelab.core.task.TaskSpec;

/** The {@code task:} section: what data a run trains on. */
public record TaskConfig(TaskKind kind, int n, int d, int classes, int testSize, int teacherWidth, long dataSeed,
                         int order) {

    static TaskConfig from(Flat f) {
        return new TaskConfig(TaskKind.parse(f.text("task.kind"), "task.kind"), f.integer("task.n"),
                f.integer("task.d"), f.integer("task.classes"), f.integer("task.test_size"),
                f.integer("task.teacher_width"), f.longValue("task.data_seed"), f.integer("task.order"));
    }

    public TaskSpec toSpec() {
        return new TaskSpec(kind, n, d, classes, testSize, teacherWidth, dataSeed, order);
    }
}
