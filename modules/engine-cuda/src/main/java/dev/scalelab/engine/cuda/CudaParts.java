package dev.scalelab.engine.cuda;

import dev.scalelab.core.UserInputException;
import dev.scalelab.engine.compute.Precision;
import dev.scalelab.engine.compute.Tensor;

/**
 * The parts a {@link CudaBackend} hands its primitives to, opened together on one GPU: the context and stream,
 * memory and copies, products, our kernels (launched against the {@link Kernel} table), graph recording, batched
 * least squares, the device-side stopping rule, and in the BF16 mode the product operands' copies.
 */
record CudaParts(CudaContext context, CudaMemory memory, CudaGemm gemm, KernelLauncher kernels,
                 KernelPrimitives primitives, GraphRecorder recorder, CudaLeastSquares leastSquares,
                 StopRuleKernels stopRule, Bf16Operands bf16) {

    /** Opens them on GPU {@code ordinal} (-1: the default GPU); one-line errors for a mode the GPU cannot run. */
    static CudaParts open(Precision precision, GemmMode gemmMode, int ordinal) {
        if (precision == Precision.FP64 && gemmMode != GemmMode.FP32) {
            throw new UserInputException("--backend " + gemmMode.backendName + ": " + gemmMode
                    + " products are for FP32 tensors only");
        }
        CudaDevice device = ordinal < 0 ? CudaDevice.get() : CudaDevice.get(ordinal);
        if (gemmMode != GemmMode.FP32 && device.computeCapability < 80) {
            throw CudaLibraries.missing(gemmMode + " products need compute capability 8.0 or newer; "
                    + device.name + " has " + device.computeCapability / 10 + "." + device.computeCapability % 10);
        }
        CudaContext context = new CudaContext(device);
        CudaMemory memory = new CudaMemory(context, gemmMode.backendName, precision);
        // The BF16 copies round through a launcher of their own; every other kernel keeps them current.
        Bf16Operands bf16 = gemmMode == GemmMode.BF16
                ? new Bf16Operands(memory, new KernelLauncher(context, precision)) : null;
        KernelLauncher kernels = new KernelLauncher(context, precision, bf16);
        CudaGemm gemm;
        try {
            gemm = new CudaGemm(context, memory, precision, gemmMode, bf16);
        } catch (RuntimeException e) {
            memory.freeAll();
            context.close();
            throw e;
        }
        return new CudaParts(context, memory, gemm, kernels, new KernelPrimitives(kernels),
                new GraphRecorder(context), new CudaLeastSquares(context, memory),
                new StopRuleKernels(context, kernels, precision == Precision.FP64 ? 8 : 4), bf16);
    }

    /** An upload into {@code into}; the BF16 mode rounds its copy at once. */
    void upload(double[] values, Tensor into) {
        memory.upload(values, into);
        uploaded(into);
    }

    void upload(float[] values, Tensor into) {
        memory.upload(values, into);
        uploaded(into);
    }

    /** Zeros {@code t}; its BF16 copy, if any, is stale. */
    void zero(Tensor t) {
        memory.zero(t);
        wrote(t);
    }

    /** Device-to-device copies of {@code from} into the listed models of {@code to}; BF16 copies stale. */
    void copyToModels(Tensor from, Tensor to, int[] models) {
        memory.copyToModels(from, to, models);
        wrote(to);
    }

    private void wrote(Tensor t) {
        if (bf16 != null) {
            bf16.written((CudaTensor) t, false);
        }
    }

    private void uploaded(Tensor t) {
        if (bf16 != null) {
            bf16.uploaded((CudaTensor) t);
        }
    }
}
