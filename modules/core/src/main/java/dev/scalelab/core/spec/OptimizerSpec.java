package dev.scalelab.core.spec;

import dev.scalelab.core.UserInputException;

/**
 * An optimizer and the hyperparameters the K models of a job share. SGD: buf = momentum·buf + g; p -= lr·buf
 * (torch.optim.SGD, no dampening). Adam: torch.optim.Adam with bias correction and eps added to sqrt(v̂). The
 * learning rate is each model's own ({@link ModelSettings#learningRate()}).
 */
public record OptimizerSpec(OptimizerKind kind, double momentum, double beta1, double beta2, double epsilon) {

    public OptimizerSpec {
        UserInputException.require(kind != null, "optimizer must be given");
        UserInputException.require(momentum >= 0 && momentum < 1, "momentum must be in [0, 1), got " + momentum);
        UserInputException.require(beta1 >= 0 && beta1 < 1, "beta1 must be in [0, 1), got " + beta1);
        UserInputException.require(beta2 >= 0 && beta2 < 1, "beta2 must be in [0, 1), got " + beta2);
        UserInputException.require(epsilon > 0, "epsilon must be positive, got " + epsilon);
    }

    public static OptimizerSpec adam() {
        return new OptimizerSpec(OptimizerKind.ADAM, 0, 0.9, 0.999, 1e-8);
    }

    public static OptimizerSpec sgd(double momentum) {
        return new OptimizerSpec(OptimizerKind.SGD, momentum, 0.9, 0.999, 1e-8);
    }
}
