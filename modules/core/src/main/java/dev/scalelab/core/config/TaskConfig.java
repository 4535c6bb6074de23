package dev.scalelab.core.config;

import dev.scalelab.core.task.ReluTeacher;
import dev.scalelab.core.task.TaskKind;
import dev.scalelab.core.task.TaskSpec;

/** The {@code task:} section: what data a run trains on. */
public record TaskConfig(TaskKind kind, int n, int d, int classes, int testSize, int teacherWidth, long dataSeed,
                         int order, int ambientDim, int teacherDepth, double teacherScale, long teacherSeed) {

    static TaskConfig from(Flat f) {
        TaskKind kind = TaskKind.parse(f.text("task.kind"), "task.kind");
        return new TaskConfig(kind, kind == TaskKind.RELU_TEACHER && f.isAbsent("task.n") ? 0 : f.integer("task.n"),
                f.integer("task.d"), f.integer("task.classes"), f.integer("task.test_size"),
                f.integer("task.teacher_width"), f.longValue("task.data_seed"), f.integer("task.order"),
                f.integer("task.ambient_d"), f.integer("task.teacher_depth"), f.real("task.teacher_scale"),
                f.longValue("task.teacher_seed"));
    }

    public TaskSpec toSpec() {
        if (kind == TaskKind.RELU_TEACHER) {
            ReluTeacher teacher = new ReluTeacher(ambientDim, d, teacherDepth, teacherWidth, teacherScale, teacherSeed);
            return new TaskSpec(kind, n, d, classes, testSize, teacherWidth, dataSeed, order, teacher);
        }
        return new TaskSpec(kind, n, d, classes, testSize, teacherWidth, dataSeed, order);
    }
}
