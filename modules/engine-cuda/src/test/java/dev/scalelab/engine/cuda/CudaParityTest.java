package dev.scalelab.engine.cuda;

import dev.scalelab.core.spec.Activation;
import dev.scalelab.core.spec.LossKind;
import dev.scalelab.engine.compute.Precision;
import dev.scalelab.engine.nd4j.Nd4jBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * CUDA against the ND4J CPU backend on a real GPU, through the unchanged training loop: from the same initial
 * weights and data the loss trajectories agree within 1e-4 relative in FP32 over 200 steps, for every activation
 * × loss × optimizer and for masked models; K = 64 batched equals the same 64 models one by one; FP64 primitives
 * equal ND4J's; a captured CUDA graph replays exactly what eager launches compute, and the loop trains the same
 * with CUDA graphs as without. Tag {@code gpu}, excluded by
 * default; run with {@code mvn -pl modules/engine-cuda -am test -Dexcluded.test.groups= -Dgroups=gpu
 * -Dsurefire.failIfNoSpecifiedTests=false}. The same checks run on the fake CUDA library in
 * {@link FakeDriverTest} (kernels on the host), which needs no GPU.
 */
@Tag("gpu")
class CudaParityTest {
    private static final int STEPS = 200;
    private static CudaBackend cuda;
    private static Nd4jBackend cpu;

    @BeforeAll
    static void open() {
        cuda = new CudaBackend(Precision.FP32, GemmMode.FP32);
        cpu = new Nd4jBackend(Precision.FP32);
    }

    @AfterAll
    static void close() {
        if (cuda != null) {
            cuda.close();
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (Activation act : Activation.values()) {
            for (LossKind loss : LossKind.values()) {
                for (String opt : List.of("adam", "sgd")) {
                    all.add(Arguments.of(act, loss, opt));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void trajectoriesMatchTheCpuBackend(Activation act, LossKind loss, String opt) {
        ParityChecks.trajectories(cuda, cpu, act, loss, opt, false, STEPS);
    }

    static Stream<Arguments> maskedCases() {
        return Stream.of(Arguments.of(Activation.RELU, "adam"), Arguments.of(Activation.TANH, "sgd"),
                Arguments.of(Activation.SIGMOID, "adam"));
    }

    @ParameterizedTest(name = "masked {0} {1}")
    @MethodSource("maskedCases")
    void maskedTrajectoriesMatchTheCpuBackend(Activation act, String opt) {
        ParityChecks.trajectories(cuda, cpu, act, LossKind.MSE, opt, true, STEPS);
    }

    @Test
    void sixtyFourBatchedModelsEqualOneByOne() {
        ParityChecks.batchedEqualsOneByOne(cuda, 64, STEPS);
    }

    @Test
    void primitivesMatchTheCpuBackendInFp64() {
        try (CudaBackend gpu64 = new CudaBackend(Precision.FP64, GemmMode.FP32)) {
            ParityChecks.primitivesFp64(gpu64);
        }
    }

    @Test
    void capturedGraphReplaysEagerWork() {
        ParityChecks.graphReplay(cuda);
    }

    /**
     * The training loop replaying a recorded step per CUDA graph launch trains like the loop issuing every
     * primitive ({@code SCALELAB_CUDA_GRAPHS=0}), within 1e-4 relative over 200 steps (bit for bit is expected:
     * the same kernels and GEMMs on the same stream; each job prints whether it was); and the device's Adam
     * clock equals the host's bias corrections bit for bit.
     */
    @Test
    void trainingWithCudaGraphsEqualsTrainingWithout() {
        try (CudaBackend graphs = new CudaBackend(Precision.FP32, GemmMode.FP32, true);
             CudaBackend eager = new CudaBackend(Precision.FP32, GemmMode.FP32, false)) {
            GraphChecks.adamClockMatchesHost(graphs, 1000);
            GraphChecks.graphsMatchEager(graphs, eager, ParityChecks.RELATIVE, STEPS, null);
        }
    }
}
