package dev.scalelab.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.sun.jna.NativeLibrary;
import dev.scalelab.core.spec.Activation;
import dev.scalelab.core.spec.InitSpec;
import dev.scalelab.core.spec.MlpSpec;
import dev.scalelab.core.spec.OptimizerSpec;
import dev.scalelab.core.util.Rng;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.compute.Precision;
import dev.scalelab.engine.compute.SeparateBuffers;
import dev.scalelab.engine.compute.StepCapture;
import dev.scalelab.engine.compute.StepGraph;
import dev.scalelab.engine.compute.Tensor;
import dev.scalelab.engine.model.MlpBatch;
import dev.scalelab.engine.model.ParameterTensors;
import dev.scalelab.engine.reference.ReferenceBackend;
import dev.scalelab.engine.train.DeviceUpdate;
import dev.scalelab.engine.train.Optimizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Run by {@link ContiguousBuffersTest} in a child JVM on the fake CUDA library. Pieces of a contiguous buffer
 * alias it; an optimizer step over all layers of K models (Adam, SGD with and without momentum; per-model rates,
 * a frozen model, per-layer rate factors) is one kernel launch, eager or recorded, and leaves the same parameters,
 * bit for bit, as the per-layer path (one launch per tensor), and the reference backend's within FP32 rounding.
 */
public final class ContiguousBuffersMain {
    private static final MlpSpec SPEC = new MlpSpec(3, List.of(5, 4), 2, Activation.TANH);
    private static final double[] RATES = {0.02, 0.0, 0.05};
    private static final double[] LAYER_FACTORS = {1.0, 0.5, 2.0};
    private static final int STEPS = 3;

    private ContiguousBuffersMain() {
    }

    public static void main(String[] args) {
        NativeLibrary fake = NativeLibrary.getInstance(CudaLibraries.DRIVER_SONAME);
        GraphChecks.DriverCalls calls = call -> fake.getFunction("fake_cuda_count").invokeLong(new Object[] {call});
        try (CudaBackend cuda = new CudaBackend(Precision.FP32, GemmMode.FP32, true)) {
            piecesAliasTheBuffer(cuda);
            System.out.println("ok: pieces of a contiguous buffer are views into it");
            for (OptimizerSpec spec : List.of(OptimizerSpec.adam(), OptimizerSpec.sgd(0.9),
                    OptimizerSpec.sgd(0))) {
                oneLaunchPerStep(cuda, spec, calls);
                System.out.println("ok: " + spec.kind() + " momentum " + spec.momentum()
                        + ": one launch per step, equal to the per-layer path and the reference");
            }
            recordedStepIsOneLaunch(cuda, calls);
            System.out.println("ok: a recorded Adam step is the clock and one update");
        }
        System.out.println("contiguous-buffer checks passed");
    }

    private static void piecesAliasTheBuffer(CudaBackend cuda) {
        List<Tensor> pieces = new ArrayList<>();
        Tensor all = cuda.allocateContiguous(List.of(new int[] {2, 1, 3}, new int[] {1, 2, 2}), pieces);
        assertEquals(10, all.length());
        assertEquals(List.of(1, 1, 10), List.of(all.models(), all.rows(), all.cols()));
        cuda.upload(new double[] {1, 2, 3, 4, 5, 6}, pieces.get(0));
        cuda.upload(new double[] {7, 8, 9, 10}, pieces.get(1));
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, cuda.download(all));
        cuda.upload(new double[] {10, 9, 8, 7, 6, 5, 4, 3, 2, 1}, all);
        assertArrayEquals(new double[] {4, 3, 2, 1}, cuda.download(pieces.get(1)));
        cuda.zero(pieces.get(0));
        assertArrayEquals(new double[] {0, 0, 0, 0, 0, 0, 4, 3, 2, 1}, cuda.download(all));
    }

    /** The parameters after {@link #STEPS} steps, on the fused path (cuda), per layer and on the reference. */
    private static void oneLaunchPerStep(CudaBackend cuda, OptimizerSpec spec, GraphChecks.DriverCalls calls) {
        List<double[]> fused = train(cuda, spec, calls, 1);
        List<double[]> perLayer = train(new SeparateBuffers(cuda), spec, calls, 2 * SPEC.layerCount());
        try (ReferenceBackend ref = new ReferenceBackend()) {
            List<double[]> reference = train(ref, spec, null, 0);
            for (int p = 0; p < fused.size(); p++) {
                assertArrayEquals(perLayer.get(p), fused.get(p), 0.0, spec.kind() + " piece " + p + " vs per layer");
                assertArrayEquals(reference.get(p), fused.get(p), 1e-5, spec.kind() + " piece " + p + " vs reference");
            }
        }
    }

    private static List<double[]> train(ComputeBackend backend, OptimizerSpec spec, GraphChecks.DriverCalls calls,
                                        long launchesPerStep) {
        MlpBatch models = MlpBatch.initialize(backend, SPEC, InitSpec.torchDefault(), new long[] {1, 2, 3},
                new double[] {1, 1, 1});
        ParameterTensors grads = ParameterTensors.allocate(backend, SPEC, RATES.length);
        if (launchesPerStep == 1) {
            assertNotNull(models.parameters().all(), "contiguous parameters");
        } else if (launchesPerStep > 1) {
            assertNull(models.parameters().all(), "separate parameters");
        }
        List<double[]> before = parameters(models);
        Optimizer optimizer = Optimizer.withLayerRates(backend, spec, models, RATES, LAYER_FACTORS);
        Rng rng = new Rng(7);
        for (long t = 1; t <= STEPS; t++) {
            uploadGradients(backend, grads, rng);
            long launched = calls == null ? 0 : calls.count("cuLaunchKernel");
            optimizer.step(t, grads);
            if (calls != null) {
                assertEquals(launchesPerStep, calls.count("cuLaunchKernel") - launched, "kernel launches in step " + t);
            }
        }
        List<double[]> after = parameters(models);
        for (int p = 0; p < after.size(); p++) {
            int perModel = after.get(p).length / RATES.length;
            for (int i = perModel; i < 2 * perModel; i++) {
                assertEquals(before.get(p)[i], after.get(p)[i], 0.0, "model 1 has rate 0: frozen");
            }
        }
        return after;
    }

    private static void uploadGradients(ComputeBackend backend, ParameterTensors grads, Rng rng) {
        for (int l = 0; l < SPEC.layerCount(); l++) {
            for (Tensor t : List.of(grads.weights().get(l), grads.biases().get(l))) {
                double[] g = new double[(int) t.length()];
                for (int i = 0; i < g.length; i++) {
                    g[i] = rng.normal();
                }
                backend.upload(g, t);
            }
        }
    }

    private static List<double[]> parameters(MlpBatch models) {
        List<double[]> out = new ArrayList<>();
        for (int l = 0; l < SPEC.layerCount(); l++) {
            out.add(models.downloadWeights(l));
            out.add(models.downloadBiases(l));
        }
        return out;
    }

    /** Recording the optimizer's device step captures two kernels: Adam's clock and one update of all layers. */
    private static void recordedStepIsOneLaunch(CudaBackend cuda, GraphChecks.DriverCalls calls) {
        StepCapture capture = cuda.stepCapture().orElseThrow();
        MlpBatch models = MlpBatch.initialize(cuda, SPEC, InitSpec.torchDefault(), new long[] {1, 2, 3},
                new double[] {1, 1, 1});
        ParameterTensors grads = ParameterTensors.allocate(cuda, SPEC, RATES.length);
        uploadGradients(cuda, grads, new Rng(7));
        DeviceUpdate update = new Optimizer(cuda, OptimizerSpec.adam(), models, RATES).onDevice(capture);
        long recorded = calls.count("cuLaunchKernel (captured)");
        try (StepGraph graph = capture.capture(() -> update.queueStep(grads))) {
            assertEquals(2, calls.count("cuLaunchKernel (captured)") - recorded, "kernels in the recorded update");
            graph.launch();
        }
    }
}
