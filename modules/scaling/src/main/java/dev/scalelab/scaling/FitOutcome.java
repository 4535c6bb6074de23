package dev.scalelab.scaling;

import dev.scalelab.scaling.bootstrap.PercentileBootstrap;
import dev.scalelab.scaling.data.Dataset;
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
 */
public record FitOutcome(FitSettings settings, ModelForm form, Dataset data, MultiStartResult fit,
                         List<Estimate> parameters, List<Estimate> derived, List<Prediction> predictions,
                         PercentileBootstrap.Result bootstrap, ApproachResult approach1, ApproachResult approach2,
                         double fitSeconds) {
    /** A prediction: the inputs given and the quantities predicted there. */
    public record Prediction(Map<String, Double> at, List<Estimate> values) {
    }
}
