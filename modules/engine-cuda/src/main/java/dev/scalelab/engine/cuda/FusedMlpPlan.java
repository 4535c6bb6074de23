package dev.scalelab.engine.cuda;

import dev.scalelab.core.spec.MlpSpec;
import java.util.Optional;

/**
 * How the fused kernel ({@code kernels/fused_mlp.cu}) walks K models' batch of {@code rows} examples: blocks of
 * {@code threads} threads, one per (model, slice of {@code sliceRows} rows), each slice in chunks of
 * {@code chunkRows} rows whose activations (and the bias gradients' sums) fill {@code sharedBytes} of shared
 * memory. With more than one slice a second kernel sums the slices' gradients ({@code paramsPerModel} per model
 * and slice).
 */
record FusedMlpPlan(int threads, int chunkRows, int slices, int sliceRows, int sharedBytes, long paramsPerModel) {
    /** The widest hidden layer the fused kernel takes (tiny-cuda-nn's largest width). */
    static final int MAX_HIDDEN_WIDTH = 128;
    /** Threads per block at most (the kernel's loss reduction array, SL_FUSED_THREADS). */
    static final int MAX_THREADS = 256;
    /** The kernel's own static shared memory: MAX_THREADS doubles for the loss sum. */
    static final int STATIC_SHARED_BYTES = MAX_THREADS * 8;

    /**
     * The plan for K = {@code models} MLPs of {@code spec} on batches of {@code rows}, with {@code elementBytes}
     * per value, on a device with {@code sharedPerBlock} bytes of shared memory per block and
     * {@code multiprocessors} SMs; empty when a hidden layer is wider than {@link #MAX_HIDDEN_WIDTH} or not even one
     * row's activations fit in shared memory.
     */
    static Optional<FusedMlpPlan> of(MlpSpec spec, int models, int rows, int elementBytes, int sharedPerBlock,
                                     int multiprocessors) {
        if (models < 1 || rows < 1) {
            return Optional.empty();
        }
        int maxHidden = 0;
        for (int w : spec.hiddenWidths()) {
            maxHidden = Math.max(maxHidden, w);
        }
        if (maxHidden > MAX_HIDDEN_WIDTH) {
            return Optional.empty();
        }
        // Per row: the input, activation and derivative of each hidden layer, the output, two gradient buffers;
        // per block: a double for each bias gradient.
        long perRow = spec.inputDim() + spec.outputDim();
        int maxWidth = spec.outputDim();
        long params = 0;
        long biasBytes = 0;
        for (int l = 0; l < spec.layerCount(); l++) {
            int w = spec.fanOut(l);
            maxWidth = Math.max(maxWidth, w);
            params += (long) spec.fanIn(l) * w + w;
            biasBytes += 8L * w;
            if (l < spec.layerCount() - 1) {
                perRow += 2L * w;
            }
        }
        perRow += 2L * maxWidth;
        long fit = (sharedPerBlock - STATIC_SHARED_BYTES - biasBytes) / (perRow * elementBytes);
        if (fit < 1) {
            return Optional.empty();
        }
        int chunkRows = (int) Math.min(rows, fit);
        int threads = Math.min(MAX_THREADS, Math.max(32, 2 * Integer.highestOneBit(Math.max(1, maxHidden * 2 - 1))));
        // At least one block per SM where K alone gives fewer; a slice is at least one chunk.
        int chunks = (rows + chunkRows - 1) / chunkRows;
        int wanted = (multiprocessors + models - 1) / models;
        int slices = Math.max(1, Math.min(wanted, chunks));
        int sliceRows = (rows + slices - 1) / slices;
        slices = (rows + sliceRows - 1) / sliceRows;
        chunkRows = Math.min(chunkRows, sliceRows);
        return Optional.of(new FusedMlpPlan(threads, chunkRows, slices, sliceRows,
                (int) (biasBytes + chunkRows * perRow * elementBytes), params));
    }

    /** Elements of the slices' gradient buffer for {@code models} models (0 with one slice). */
    long partialElements(int models) {
        return slices == 1 ? 0 : (long) models * slices * paramsPerModel;
    }
}
