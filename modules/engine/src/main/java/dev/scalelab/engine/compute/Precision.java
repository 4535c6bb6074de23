package dev.scalelab.engine.compute;

/** Floating-point type of a backend's tensors. FP64 exists for gradient checks and parity tests. */
public enum Precision {
    FP32, FP64
}
