package dev.scalelab.engine.cuda;

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
