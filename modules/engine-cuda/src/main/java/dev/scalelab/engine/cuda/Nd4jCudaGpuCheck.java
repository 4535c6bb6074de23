package dev.scalelab.engine.cuda;

import dev.scalelab.core.UserInputException;
import dev.scalelab.engine.nd4j.Nd4jCudaVeto;

/**
 * Refuses ND4J's CUDA 11.6 backend (a {@code -Pcuda} build) on GPUs of compute capability 9.0 and newer, where
 * ScaleLab's own CUDA backend is the one that runs.
 */
public final class Nd4jCudaGpuCheck implements Nd4jCudaVeto {
    /** Its library holds SASS up to sm_86 and no PTX, so it cannot run there. No driver or GPU: nothing to check. */
    @Override
    public void check() {
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
}
