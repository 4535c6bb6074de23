package dev.scalelab.engine.cuda;

import com.sun.jna.NativeLibrary;
import dev.scalelab.engine.compute.Precision;

/**
 * Run by {@link FakeDriverTest} in a child JVM whose LD_LIBRARY_PATH holds the fake CUDA library: the training
 * loop with CUDA graphs against the loop without ({@link GraphChecks}), bit for bit, with the fake's count of
 * driver calls showing that steps were recorded once and replayed. Exits non-zero on the first failure.
 */
public final class GraphTrainingMain {
    private GraphTrainingMain() {
    }

    public static void main(String[] args) {
        int steps = Integer.parseInt(args.length > 0 ? args[0] : "30");
        try (CudaBackend graphs = new CudaBackend(Precision.FP32, GemmMode.FP32, true);
             CudaBackend eager = new CudaBackend(Precision.FP32, GemmMode.FP32, false)) {
            NativeLibrary fake = NativeLibrary.getInstance(CudaLibraries.DRIVER_SONAME);
            GraphChecks.DriverCalls calls = call -> fake.getFunction("fake_cuda_count").invokeLong(new Object[] {call});
            GraphChecks.adamClockMatchesHost(graphs, 300);
            System.out.println("ok: Adam's device clock equals the host's bias corrections bit for bit");
            GraphChecks.graphsMatchEager(graphs, eager, 0.0, steps, calls);
        }
        try (CudaBackend graphs = new CudaBackend(Precision.FP64, GemmMode.FP32, true);
             CudaBackend eager = new CudaBackend(Precision.FP64, GemmMode.FP32, false)) {
            GraphChecks.adamClockMatchesHost(graphs, 50);
            GraphChecks.Job job = GraphChecks.adam(eager, steps);
            GraphChecks.Result off = GraphChecks.train(eager, job, true, null);
            GraphChecks.Result on = GraphChecks.train(graphs, job, true, null);
            GraphChecks.same("FP64 " + job.name(), off, on, 0.0);
            System.out.println("ok: FP64 " + job.name() + ": graphs equal eager steps bit for bit");
        }
        System.out.println("graph checks passed");
    }
}
