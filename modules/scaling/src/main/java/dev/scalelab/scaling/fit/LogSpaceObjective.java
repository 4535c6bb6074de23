package dev.scalelab.scaling.fit;

/** Σ_i penalty(log L̂(θ; u_i, v_i) − log L_i) with its analytic gradient. Thread-safe. */
public final class LogSpaceObjective implements DifferentiableFunction {
    private final ModelForm form;
    private final double[] u;
    private final double[] v;
    private final double[] y;
    private final Penalty penalty;

    public LogSpaceObjective(ModelForm form, FitData data, Penalty penalty) {
        this.form = form;
        this.u = data.uArray();
        this.v = data.vArray();
        this.y = data.yArray();
        this.penalty = penalty;
    }

    @Override
    public double valueAndGradient(double[] theta, double[] gradient) {
        final int dim = theta.length;
        double[] row = new double[dim];
        java.util.Arrays.fill(gradient, 0.0);
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            double r = form.logPredict(theta, u[i], v[i], row) - y[i];
            sum += penalty.value(r);
            double w = penalty.derivative(r);
            for (int k = 0; k < dim; k++) {
                gradient[k] += w * row[k];
            }
        }
        return sum;
    }

    /** The objective without the gradient. */
    public double value(double[] theta) {
        return valueAndGradient(theta, new double[theta.length]);
    }
}
