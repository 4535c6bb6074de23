package dev.scalelab.engine.cuda;

import dev.scalelab.core.UserInputException;
import dev.scalelab.engine.compute.BackendProvider;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.compute.Precision;

/**
 * {@code --backend cuda} (FP32 products), {@code cuda-tf32} and {@code cuda-bf16} (tensor-core products, FP32
 * storage), found by {@link dev.scalelab.engine.compute.Backends} through {@link java.util.ServiceLoader}.
 */
public class CudaBackendProvider implements BackendProvider {
    private final GemmMode mode;

    public CudaBackendProvider() {
        this(GemmMode.FP32);
    }

    CudaBackendProvider(GemmMode mode) {
        this.mode = mode;
    }

    @Override
    public String name() {
        return mode.backendName;
    }

    @Override
    public ComputeBackend create(Precision precision) {
        return new CudaBackend(precision, mode);
    }

    @Override
    public ComputeBackend create(Precision precision, int device) {
        return new CudaBackend(precision, mode, GraphSetting.fromEnvironment(), device);
    }

    @Override
    public int deviceCount() {
        return CudaDevice.count();
    }

    /**
     * Refuses ND4J's CUDA 11.6 backend (a {@code -Pcuda} build) on GPUs of compute capability 9.0 and newer: its
     * library holds SASS up to sm_86 and no PTX, so it cannot run there. No driver or GPU: nothing to check.
     */
    @Override
    public void checkNd4jCuda() {
        if (mode != GemmMode.FP32) {
            return;
        }
        int cc;
        String gpu;
        try {
            CudaLibraries.initDriver();
            int[] device = new int[1];
            CudaDriver.check(CudaDriver.cuDeviceGet(device, 0), "cuDeviceGet");
            cc = CudaDevice.computeCapability(device[0]);
            byte[] name = new byte[256];
            CudaDriver.cuDeviceGetName(name, name.length, device[0]);
            gpu = new String(name, java.nio.charset.StandardCharsets.UTF_8).trim().replace("\0", "");
        } catch (UserInputException | CudaException e) {
            return;
        }
        if (cc >= 90) {
            throw new UserInputException("--backend cpu: this build uses ND4J's CUDA 11.6 backend (-Pcuda), which "
                    + "has no kernels for " + gpu + " (compute capability " + cc / 10 + "." + cc % 10
                    + "); use --backend cuda (ScaleLab's own CUDA kernels), or rebuild without -Pcuda");
        }
    }

    /** {@code --backend cuda-tf32}. */
    public static final class Tf32 extends CudaBackendProvider {
        public Tf32() {
            super(GemmMode.TF32);
        }
    }

    /** {@code --backend cuda-bf16}. */
    public static final class Bf16 extends CudaBackendProvider {
        public Bf16() {
            super(GemmMode.BF16);
        }
    }
}
