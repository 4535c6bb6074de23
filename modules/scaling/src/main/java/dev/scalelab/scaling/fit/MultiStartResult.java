package dev.scalelab.scaling.fit;

import java.util.List;

/**
 * The best of many L-BFGS runs.
 *
 * @param theta          the best point (internal parameters)
 * @param objective      objective value at {@code theta}
 * @param starts         number of starts run
 * @param reachedBest    starts that ended at the best optimum (objective within a relative 1e-6, or 1e-12 absolute,
 *                       and every internal parameter within 1e-3·max(1, |θ*|))
 * @param converged      starts whose L-BFGS met a convergence test
 * @param failed         starts whose objective was not finite at the start or the end
 * @param bestStartIndex index of the start that produced {@code theta} (lowest index on ties)
 * @param bestIterations L-BFGS iterations of that start
 * @param optima         distinct local optima found, best first (at most a few), to seed bootstrap refits
 * @param bestConverged  whether the best start's L-BFGS met a convergence test
 * @param bestStop       why the best start stopped (e.g. "iteration limit", "gradient below tolerance")
 */
public record MultiStartResult(double[] theta, double objective, int starts, int reachedBest, int converged,
                               int failed, int bestStartIndex, int bestIterations, List<double[]> optima,
                               boolean bestConverged, String bestStop) {
    public static final double SAME_OBJECTIVE_RTOL = 1e-6;
    public static final double SAME_OBJECTIVE_ATOL = 1e-12;
    public static final double SAME_THETA_TOL = 1e-3;
}
