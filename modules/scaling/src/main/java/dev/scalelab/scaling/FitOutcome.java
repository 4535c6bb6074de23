package dev.scalelab.scaling;

import dev.scalelab.scaling.bootstrap.PercentileBootstrap;
import dev.scalelab.scaling.data.FitPoints;
import dev.scalelab.scaling.diagnostics.FitDiagnostics;
import dev.scalelab.scaling.fit.ModelForm;
import dev.scalelab.scaling.fit.MultiStartResult;
import dev.scalelab.scaling.optimal.ApproachResult;
import java.util.List;
import java.util.Map;

/**
 * Everything a fit produced.
 *
 * @param settings    the settings
 * @param form        the fitted form
 * @param data        the points and the account of excluded rows
 * @param fit         the multi-start optimum
 * @param parameters  the reported parameters, with intervals
 * @param derived     derived quantities (a, b, G, frontier exponent, ...), with intervals
 * @param predictions one entry per --predict: the point and the predicted quantities
 * @param bootstrap   the bootstrap (null when none was run)
 * @param approach1   Approach 1 outcome
 * @param approach2   Approach 2 outcome
 * @param fitSeconds  wall time of the multi-start fit
 * @param diagnostics convergence, bounds, conditioning, identification
 * @param warnings    one line per problem (the diagnostics' and the predictions' extrapolation); empty when none
 * @param screening   how the starts were screened on a subsample (null when every start ran on every point)
 */
public record FitOutcome(FitSettings settings, ModelForm form, FitPoints data, MultiStartResult fit,
                         List<Estimate> parameters, List<Estimate> derived, List<Prediction> predictions,
                         PercentileBootstrap.Result bootstrap, ApproachResult approach1, ApproachResult approach2,
                         double fitSeconds, FitDiagnostics diagnostics, List<String> warnings,
                         Screening screening) {
    /**
     * A prediction: the inputs given and the quantities predicted there.
     *
     * @param decadesBeyond how far (in decades of N, D or C, the largest of them) the point and its compute-optimal
     *                      N* and D* lie outside the data's range; 0 inside it
     * @param values        the estimates; beyond the data their intervals are the bootstrap's widened ×(1 + decades)
     *                      in log space around the estimate
     * @param bootstrap     the same estimates with the bootstrap's own percentile interval
     */
    public record Prediction(Map<String, Double> at, List<Estimate> values, double decadesBeyond,
                             List<Estimate> bootstrap) {
    }

    /**
     * Multi-start on a subsample, then the best optima refined on every point.
     *
     * @param rows           points in the subsample
     * @param refined        optima refined on all points
     * @param subsampleTheta the best θ on the subsample
     */
    public record Screening(int rows, int refined, double[] subsampleTheta) {
    }
}
