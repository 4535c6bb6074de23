package dev.scalelab.scaling.fit;

/** A smooth objective: returns f(x) and writes ∇f(x) into {@code gradient}. Must be thread-safe. */
@FunctionalInterface
public interface DifferentiableFunction {
    double valueAndGradient(double[] x, double[] gradient);
}
