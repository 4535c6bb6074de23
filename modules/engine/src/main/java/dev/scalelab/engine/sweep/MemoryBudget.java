package dev.scalelab.engine.sweep;

import dev.scalelab.core.config.RunConfig;
import dev.scalelab.core.spec.MlpSpec;

/**
 * How many models of a shape fit in the device memory one job may use, estimated up front from what the
 * training loop allocates per model (in elements of {@code elementBytes}):
 * <pre>
 *   5 · params                                  parameters, gradients, Adam's two moments, learning rates
 * + (batch + eval rows) · (in + 3 · out + 3 · Σ hidden widths)   input, target, and z, a, gradient per layer
 * </pre>
 * where eval rows are the test-set chunk(s) the evaluator keeps buffers for; plus, on a backend that multiplies
 * reduced-precision copies of its product operands ({@code copyBytes} per element, {@link
 * dev.scalelab.engine.compute.ComputeBackend#productCopyBytes()}: the BF16 mode's 2), a copy of
 * <pre>
 *   params + batch · (in + 2 · Σ hidden widths + out) + eval rows · (in + Σ hidden widths)
 * </pre>
 * (the parameters; the input, hidden activations and every layer's gradient of a training step; the input and
 * hidden activations of an evaluation). A job may use {@value #USABLE} of the free memory divided among the
 * workers, less {@value #OVERHEAD_MIB} MiB for the backend itself (cuBLAS workspace, loss buffer). The estimate
 * only avoids most out-of-memory retries: a job that still does not fit is split when it fails ({@link JobExecutor}).
 */
public record MemoryBudget(long bytesPerJob, int elementBytes, int copyBytes) {
    /** No device memory limit (the CPU backend): jobs are capped by --max-models only. */
    public static final MemoryBudget UNLIMITED = new MemoryBudget(Long.MAX_VALUE, 4);

    static final double USABLE = 0.9;
    static final long OVERHEAD_MIB = 64;
    /** The evaluator's rows per chunk ({@code engine.train.Evaluator}). */
    private static final int EVAL_CHUNK = 2048;

    /** A budget for a backend without product copies. */
    public MemoryBudget(long bytesPerJob, int elementBytes) {
        this(bytesPerJob, elementBytes, 0);
    }

    /** The budget of one job when {@code workers} jobs share {@code freeBytes} of device memory. */
    public static MemoryBudget of(long freeBytes, int workers, int elementBytes) {
        return of(freeBytes, workers, elementBytes, 0);
    }

    /** Like {@link #of(long, int, int)} for a backend keeping {@code copyBytes}-per-element product copies. */
    public static MemoryBudget of(long freeBytes, int workers, int elementBytes, int copyBytes) {
        long perJob = (long) (USABLE * freeBytes / workers) - (OVERHEAD_MIB << 20);
        return new MemoryBudget(Math.max(0, perJob), elementBytes, copyBytes);
    }

    /** Estimated device bytes one model of this run needs. */
    public long bytesPerModel(RunConfig run) {
        MlpSpec spec = run.mlpSpec();
        int n = run.task().n();
        long batch = run.trainSpec().effectiveBatch(n);
        long eval = evalRows(run.task().testSize());
        long hidden = spec.hiddenWidths().stream().mapToLong(Integer::longValue).sum();
        long perRow = spec.inputDim() + 3L * spec.outputDim() + 3 * hidden;
        long copies = spec.parameterCount() + batch * (spec.inputDim() + 2 * hidden + spec.outputDim())
                + eval * (spec.inputDim() + hidden);
        return elementBytes * (5 * spec.parameterCount() + (batch + eval) * perRow) + copyBytes * copies;
    }

    /** The most models of this run's shape one job should train: at least 1 (a run that cannot fit fails alone). */
    public int maxModels(RunConfig run) {
        if (bytesPerJob == Long.MAX_VALUE) {
            return Integer.MAX_VALUE;
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, bytesPerJob / bytesPerModel(run)));
    }

    private static long evalRows(int testSize) {
        if (testSize <= EVAL_CHUNK) {
            return testSize;
        }
        int rest = testSize % EVAL_CHUNK;
        return EVAL_CHUNK + rest; // one workspace for full chunks, one for the last partial chunk
    }
}
