package dev.scalelab.engine.selftest;

import dev.scalelab.engine.compute.ComputeBackend;
import java.util.function.Supplier;

/**
 * The backends of one device a self-test opens, each when it needs it (and closes after): FP32 with recorded
 * steps (graphs) and without, and the fast product modes, null where the device or build has none (a check then
 * says so instead of running).
 */
public record SelfTestTargets(String device, Supplier<ComputeBackend> fp32Graphs, Supplier<ComputeBackend> fp32Eager,
                              Supplier<ComputeBackend> tf32, Supplier<ComputeBackend> bf16) {
}
