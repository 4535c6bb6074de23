package dev.scalelab.cli.doctor;

import dev.scalelab.engine.compute.Precision;
import dev.scalelab.engine.cuda.CudaBackend;
import dev.scalelab.engine.cuda.CudaInventory;
import dev.scalelab.engine.cuda.GemmMode;
import dev.scalelab.engine.selftest.SelfTestTargets;

/**
 * The CUDA backends the self-test opens on the GPU the backend selects ({@code $SCALELAB_CUDA_DEVICE}, default
 * 0): FP32 with and without CUDA graphs, and TF32 products and the BF16 mode (BF16 product operands) where the
 * GPU has tensor cores for them (compute capability 8.0 and newer).
 */
final class CudaTargets {
    private CudaTargets() {
    }

    static SelfTestTargets of(CudaInventory.Gpu gpu) {
        boolean tensorCores = gpu.computeCapability() >= 80;
        return new SelfTestTargets("GPU " + gpu.ordinal() + " (" + gpu.name() + ")",
                () -> new CudaBackend(Precision.FP32, GemmMode.FP32, true),
                () -> new CudaBackend(Precision.FP32, GemmMode.FP32, false),
                tensorCores ? () -> new CudaBackend(Precision.FP32, GemmMode.TF32, true) : null,
                tensorCores ? () -> new CudaBackend(Precision.FP32, GemmMode.BF16, true) : null);
    }

    /** The GPU the CUDA backend will open: {@code $SCALELAB_CUDA_DEVICE}, else 0. */
    static int selectedOrdinal() {
        String env = System.getenv("SCALELAB_CUDA_DEVICE");
        try {
            return env == null || env.isBlank() ? 0 : Integer.parseInt(env.trim());
        } catch (NumberFormatException e) {
            throw new dev.scalelab.core.UserInputException("$SCALELAB_CUDA_DEVICE must be a GPU number, got '"
                    + env + "'");
        }
    }
}
