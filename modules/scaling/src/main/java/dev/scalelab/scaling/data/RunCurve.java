package dev.scalelab.scaling.data;

/**
 * A run's loss curve from its metrics.jsonl: cumulative FLOPs and loss at each logged step (only points whose
 * FLOPs and loss are finite and positive, in file order), with the run's parameter count.
 */
public record RunCurve(String runId, double params, double[] flops, double[] loss) {
    public int size() {
        return flops.length;
    }
}
