package dev.scalelab.engine.cuda;

import com.sun.jna.NativeLibrary;
import dev.scalelab.core.config.Overrides;
import dev.scalelab.core.config.RunConfig;
import dev.scalelab.core.config.SweepConfig;
import dev.scalelab.core.config.SweepConfigLoader;
import dev.scalelab.core.config.SweepExpander;
import dev.scalelab.core.task.TaskFactory;
import dev.scalelab.engine.compute.Backends;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.compute.Precision;
import dev.scalelab.engine.sweep.BackendFactory;
import dev.scalelab.engine.sweep.MemoryBudget;
import dev.scalelab.engine.sweep.SweepListener;
import dev.scalelab.engine.sweep.SweepPlan;
import dev.scalelab.engine.sweep.SweepRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Run by {@link MemoryBudgetFakeTest} in a child JVM on the fake CUDA library: for a few shapes and each CUDA
 * mode, a sweep job of K models allocates (the fake counts the bytes of every cuMemAlloc_v2; less each backend's
 * cuBLAS workspace) at least {@value #WITHIN} of K times {@link MemoryBudget}'s per-model estimate and no more than
 * that plus a few device scalars, which the budget's per-job overhead covers. Exits non-zero on the first failure.
 */
public final class MemoryBudgetMain {
    static final double WITHIN = 0.85;
    private static final long WORKSPACE = 32L << 20;
    private static final String CONFIG = """
            name: budget
            backend: %s
            parameters:
              seed: {values: [1, 2, 3]}
            task: {kind: random_regression, n: 96, d: 12, test_size: 40}
            model: {width: 48, depth: 2}
            train: {steps: 2, log_every: 1, lr: 0.01}
            """;
    private static final List<List<String>> SHAPES = List.of(List.of(),
            List.of("width=96", "batch_size=32", "test_size=0"),
            List.of("width=24", "depth=3", "test_size=2100", "batch_size=16"));

    private MemoryBudgetMain() {
    }

    public static void main(String[] args) throws Exception {
        NativeLibrary fake = NativeLibrary.getInstance(CudaLibraries.DRIVER_SONAME);
        Path out = Files.createTempDirectory("budget");
        int i = 0;
        for (String backend : List.of("cuda", "cuda-tf32", "cuda-bf16")) {
            int copyBytes;
            try (ComputeBackend b = Backends.create(backend, Precision.FP32)) {
                copyBytes = b.productCopyBytes();
            }
            for (List<String> shape : SHAPES) {
                SweepConfig config = Overrides.apply(SweepConfigLoader.parse(String.format(CONFIG, backend),
                        "budget.yaml"), shape);
                long bytes = count(fake, "cuMemAlloc_v2 bytes");
                long backends = count(fake, "cublasCreate_v2");
                new SweepRunner(new SweepRunner.Options(out.resolve("run" + i++), 1, 0, 256, false, false, "budget"),
                        SweepListener.NONE, TaskFactory.withDefaultDataDir(), BackendFactory.DEFAULT)
                        .run(SweepPlan.of(config, List.of()));
                List<RunConfig> runs = SweepExpander.expand(config);
                long allocated = count(fake, "cuMemAlloc_v2 bytes") - bytes
                        - WORKSPACE * (count(fake, "cublasCreate_v2") - backends);
                long estimate = runs.size() * new MemoryBudget(0, 4, copyBytes).bytesPerModel(runs.get(0));
                double ratio = (double) allocated / estimate;
                String line = String.format(Locale.ROOT, "%s %s: allocated %d bytes for %d models, estimate %d (%.3f)",
                        backend, shape, allocated, runs.size(), estimate, ratio);
                if (allocated > estimate + scalarBytes(runs.size()) || ratio < WITHIN) {
                    throw new AssertionError(line + ": the estimate must be an upper bound within "
                            + Math.round(100 * (1 - WITHIN)) + " %");
                }
                System.out.println("ok: " + line);
            }
        }
        System.out.println("memory budget checks passed");
    }

    /**
     * What a job of {@code k} models may allocate beyond the tensors: device scalars (8 bytes each: loss slots, Adam's
     * clock, the stopping rule's state), at most 8 per model and 8 more. The budget's per-job overhead covers them.
     */
    private static long scalarBytes(int k) {
        return 8L * (8 * k + 8);
    }

    private static long count(NativeLibrary fake, String call) {
        return fake.getFunction("fake_cuda_count").invokeLong(new Object[] {call});
    }
}
