package dev.scalelab.engine.train;

/** Where each step's batch comes from: a fixed training set on the host, or samples streamed on the backend. */
interface SampleSource {

    /** Whether every step sees the same batch (full-batch training): it is then written once per workspace. */
    boolean sameEveryStep();

    /** Writes the next step's [K, rows, ·] inputs and targets into the workspace; {@code drawn}: samples before it. */
    void fill(long drawn, Workspace ws);
}
