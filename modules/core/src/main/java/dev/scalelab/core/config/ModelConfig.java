package dev.scalelab.core.config;

import dev.scalelab.core.spec.Activation;
import dev.scalelab.core.spec.Connectivity;
import dev.scalelab.core.spec.InitSpec;
import dev.scalelab.core.spec.MlpSpec;
import dev.scalelab.core.spec.Parametrization;
import dev.scalelab.core.task.TaskSpec;

/**
 * The {@code model:} section: an MLP of {@code depth} hidden layers of {@code width} (per tree node with
 * binary_tree connectivity), its initialisation and its parametrisation.
 */
public record ModelConfig(int width, int depth, Activation activation, InitSpec.Scheme init, double initScale,
                          long seed, Connectivity connectivity, Parametrization parametrization) {

    static ModelConfig from(Flat f) throws ConfigProblem {
        ModelConfig c = new ModelConfig(f.integer("model.width"), f.integer("model.depth"),
                Activation.parse(f.text("model.activation"), "model.activation"),
                InitSpec.parseScheme(f.text("model.init"), "model.init"), f.real("model.init_scale"),
                f.longValue("model.seed"), Connectivity.parse(f.text("model.connectivity"), "model.connectivity"),
                Parametrization.parse(f.text("model.parametrization"), "model.parametrization"));
        if (c.parametrization != Parametrization.STANDARD && c.init != InitSpec.Scheme.TORCH_DEFAULT) {
            throw new ConfigProblem("model.init", c.parametrization + " parametrization draws θ ~ N(0, 1) itself; "
                    + "leave model.init at its default (got " + f.text("model.init") + ")");
        }
        if (c.parametrization == Parametrization.MEAN_FIELD && (c.depth != 1 || c.connectivity != Connectivity.DENSE)) {
            throw new ConfigProblem("model.parametrization", "mean_field is defined here for one dense hidden layer: "
                    + "model.depth must be 1 (got " + c.depth + ")" + (c.connectivity != Connectivity.DENSE
                    ? " and model.connectivity dense" : ""));
        }
        return c;
    }

    public MlpSpec toSpec(TaskSpec task) {
        return connectivity.spec(task.inputDim(), width, depth, task.outputDim(), activation);
    }

    /** The scheme at unit scale; each model's {@link #initScale} is applied per model. */
    public InitSpec initSpec() {
        InitSpec.Scheme scheme = switch (parametrization) {
            case STANDARD -> init;
            case NTK -> InitSpec.Scheme.NTK_NORMAL;
            case MEAN_FIELD -> InitSpec.Scheme.MEAN_FIELD_NORMAL;
        };
        return new InitSpec(scheme, 1.0);
    }
}
