package dev.scalelab.engine.train;

import dev.scalelab.core.task.Dataset;
import dev.scalelab.engine.compute.ComputeBackend;
import java.util.List;

/** Batches of fixed training sets, assembled on the host ({@link BatchFeeder}) and uploaded. */
final class HostBatches implements SampleSource {
    private final ComputeBackend backend;
    private final BatchFeeder feeder;
    private float[] inputs = new float[0];
    private float[] targets = new float[0];

    HostBatches(ComputeBackend backend, List<Dataset> data, int batch, long[] seeds) {
        this.backend = backend;
        this.feeder = new BatchFeeder(data, batch, seeds);
    }

    @Override
    public boolean sameEveryStep() {
        return feeder.fullBatch();
    }

    @Override
    public void fill(long drawn, Workspace ws) {
        if (inputs.length != ws.input.length()) {
            inputs = new float[Math.toIntExact(ws.input.length())];
            targets = new float[Math.toIntExact(ws.target.length())];
        }
        feeder.next(inputs, targets);
        backend.upload(inputs, ws.input);
        backend.upload(targets, ws.target);
    }
}
