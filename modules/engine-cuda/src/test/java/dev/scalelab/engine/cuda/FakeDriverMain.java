package dev.scalelab.engine.cuda;

import dev.scalelab.core.spec.Activation;
import dev.scalelab.core.spec.LossKind;
import dev.scalelab.engine.compute.Backends;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.compute.Precision;
import dev.scalelab.engine.nd4j.Nd4jBackend;
import java.util.List;

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
            ParityChecks.batchedEqualsOneByOne(backend, 8, steps);
            System.out.println("batched K=8 equals one by one");
            ParityChecks.graphReplay((CudaBackend) backend);
            System.out.println("graph replay equals eager");
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

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
        System.out.println("ok: " + what);
    }
}
