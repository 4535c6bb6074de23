package dev.scalelab.scaling.optimal;

import java.util.List;

/**
 * Outcome of Approach 1 or 2 of Hoffmann et al.: optimal model size and data per compute budget, and power fits
 * N_opt = G_N·C^a, D_opt = G_D·C^b; or why the approach was skipped.
 *
 * @param name   "approach1" or "approach2"
 * @param reason null when it ran; otherwise why it was skipped
 * @param c      compute budgets of the optimal points
 * @param nOpt   N_opt at each budget
 * @param dOpt   D_opt = C/(k·N_opt) at each budget
 * @param fitN   power fit of N_opt vs C (null when skipped)
 * @param fitD   power fit of D_opt vs C (null when skipped)
 * @param notes  per-bucket remarks (buckets skipped and why)
 */
public record ApproachResult(String name, String reason, double[] c, double[] nOpt, double[] dOpt,
                             PowerLawFit fitN, PowerLawFit fitD, List<String> notes) {
    public static ApproachResult skipped(String name, String reason, List<String> notes) {
        return new ApproachResult(name, reason, new double[0], new double[0], new double[0], null, null,
                List.copyOf(notes));
    }

    public boolean ran() {
        return reason == null;
    }
}
