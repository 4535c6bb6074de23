package dev.scalelab.engine.cuda;

import dev.scalelab.core.spec.Activation;
import dev.scalelab.core.spec.LossKind;
import dev.scalelab.engine.compute.Backends;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.compute.OutOfDeviceMemoryException;
import dev.scalelab.engine.compute.Precision;
import dev.scalelab.engine.nd4j.Nd4jBackend;
import java.util.List;
import java.util.OptionalLong;

/**
 * Run by {@link FakeDriverTest} in a child JVM whose LD_LIBRARY_PATH holds the fake CUDA library: the real
 * bindings, discovery, NVRTC path, kernel cache, launches and cuBLAS calls, with ScaleLab's kernel sources
 * executed on the host. Prints one line per check; exits non-zero on the first failure.
 */
public final class FakeDriverMain {
    private FakeDriverMain() {
    }

    public static void main(String[] args) {
        int steps = Integer.parseInt(args.length > 0 ? args[0] : "20");
        try (ComputeBackend backend = Backends.create("cuda", Precision.FP32)) {
            check(backend.device().startsWith("Fake GPU (ScaleLab test double) (sm_90"), "device: " + backend.device());
            check(backend.stepCapture().isPresent(), "CUDA graphs on: the loop below replays recorded steps");
            Nd4jBackend cpu = new Nd4jBackend(Precision.FP32);
            for (Activation act : Activation.values()) {
                for (LossKind loss : LossKind.values()) {
                    for (String opt : List.of("adam", "sgd")) {
                        ParityChecks.trajectories(backend, cpu, act, loss, opt, false, steps);
                    }
                }
            }
            System.out.println("trajectories: every activation x loss x optimizer within 1e-4 of ND4J over " + steps
                    + " steps");
            ParityChecks.trajectories(backend, cpu, Activation.RELU, LossKind.MSE, "adam", true, steps);
            ParityChecks.trajectories(backend, cpu, Activation.TANH, LossKind.MSE, "sgd", true, steps);
            System.out.println("masked trajectories: within 1e-4");
            ParityChecks.streamedTeacher(backend, cpu, 20);
            System.out.println("streamed relu_teacher: 20 steps within 1e-4 of ND4J, samples drawn on the device");
            ParityChecks.batchedEqualsOneByOne(backend, 8, steps);
            System.out.println("batched K=8 equals one by one");
            ParityChecks.graphReplay((CudaBackend) backend);
            System.out.println("graph replay equals eager");
            outOfMemory(backend);
        }
        try (ComputeBackend fp64 = Backends.create("cuda", Precision.FP64)) {
            ParityChecks.primitivesFp64(fp64);
            System.out.println("FP64 primitives equal ND4J within 1e-12");
        }
        try (ComputeBackend tf32 = Backends.create("cuda-tf32", Precision.FP32)) {
            check(tf32.name().equals("cuda-tf32"), "tf32 backend name");
        }
        System.out.println("fake-driver checks passed");
    }

    /** The fake refuses allocations over 1 GiB with CUDA_ERROR_OUT_OF_MEMORY and reports 512 MiB free of 1 GiB. */
    private static void outOfMemory(ComputeBackend backend) {
        check(backend.freeMemoryBytes().equals(OptionalLong.of(1L << 29)), "free memory from cuMemGetInfo");
        try {
            backend.allocate(1, 1 << 15, 1 << 14);
            check(false, "a 2 GiB tensor on a 1 GiB device");
        } catch (OutOfDeviceMemoryException e) {
            check(e.getMessage().equals("--backend cuda: out of device memory allocating 2.0 GiB for a [1, 32768, "
                    + "16384] tensor (512.0 MiB free of 1.0 GiB on Fake GPU (ScaleLab test double)); train fewer "
                    + "models per job (smaller K), a smaller batch or a smaller model"), "OOM message: "
                    + e.getMessage());
            check(e.requestedBytes() == 2L << 30 && e.freeBytes() == 1L << 29 && e.totalBytes() == 1L << 30,
                    "OOM sizes");
        }
        check(backend.allocate(2, 3, 4).length() == 24, "allocates again after an out-of-memory error");
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
        System.out.println("ok: " + what);
    }
}
