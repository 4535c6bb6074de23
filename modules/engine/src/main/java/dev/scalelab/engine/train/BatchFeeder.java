package dev.scalelab.engine.train;

import dev.scalelab.core.task.Dataset;
import dev.scalelab.core.util.Rng;
import java.util.List;

/**
 * Assembles each step's [K, batch, ·] inputs and targets on the host. Full batch: the whole training set, in
 * order. Minibatch: each model walks its own seeded permutation per epoch; the last incomplete batch of an epoch
 * is dropped (like PyTorch's drop_last=True) so every step sees exactly {@code batch} examples.
 */
final class BatchFeeder {
    private final List<Dataset> data;
    private final int batch;
    private final Rng[] shufflers;
    private final int[][] order;
    private int cursor;

    BatchFeeder(List<Dataset> data, int batch, long[] seeds) {
        this.data = data;
        this.batch = batch;
        this.shufflers = new Rng[data.size()];
        this.order = new int[data.size()][];
        for (int k = 0; k < data.size(); k++) {
            shufflers[k] = Rng.forPurpose(seeds[k], "batches");
        }
    }

    boolean fullBatch() {
        return batch == data.get(0).size();
    }

    void next(float[] inputs, float[] targets) {
        int n = data.get(0).size();
        if (fullBatch()) {
            for (int k = 0; k < data.size(); k++) {
                Dataset d = data.get(k);
                System.arraycopy(d.inputs(), 0, inputs, k * n * d.inputDim(), n * d.inputDim());
                System.arraycopy(d.targets(), 0, targets, k * n * d.outputDim(), n * d.outputDim());
            }
            return;
        }
        if (order[0] == null || cursor + batch > n) {
            for (int k = 0; k < data.size(); k++) {
                order[k] = shufflers[k].permutation(n);
            }
            cursor = 0;
        }
        for (int k = 0; k < data.size(); k++) {
            Dataset d = data.get(k);
            int in = d.inputDim();
            int out = d.outputDim();
            for (int r = 0; r < batch; r++) {
                int i = order[k][cursor + r];
                System.arraycopy(d.inputs(), i * in, inputs, (k * batch + r) * in, in);
                System.arraycopy(d.targets(), i * out, targets, (k * batch + r) * out, out);
            }
        }
        cursor += batch;
    }
}
