package dev.scalelab.core.config;

import dev.scalelab.core.spec.Activation;
import dev.scalelab.core.spec.InitSpec;
import dev.scalelab.core.spec.MlpSpec;
import dev.scalelab.core.task.TaskSpec;

/** The {@code model:} section: an MLP of {@code depth} hidden layers of {@code width}, and its initialisation. */
public record ModelConfig(int width, int depth, Activation activation, InitSpec.Scheme init, double initScale,
                          long seed) {

    static ModelConfig from(Flat f) {
        return new ModelConfig(f.integer("model.width"), f.integer("model.depth"),
                Activation.parse(f.text("model.activation"), "model.activation"),
                InitSpec.parseScheme(f.text("model.init"), "model.init"), f.real("model.init_scale"),
                f.longValue("model.seed"));
    }

    public MlpSpec toSpec(TaskSpec task) {
        return MlpSpec.uniform(task.inputDim(), width, depth, task.outputDim(), activation);
    }

    /** The scheme at unit scale; each model's {@link #initScale} is applied per model. */
    public InitSpec initSpec() {
        return new InitSpec(init, 1.0);
    }
}
