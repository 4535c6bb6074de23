package dev.scalelab.engine.cpu;

/** One model's fused pass, in one thread's scratch arrays. */
interface ModelStep {

    /** Reads model k's parameters and batch, writes its gradients; returns its loss. */
    double run(int k);
}
