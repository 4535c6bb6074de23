package dev.scalelab.bench;

import dev.scalelab.core.spec.Activation;
import dev.scalelab.core.spec.InitSpec;
import dev.scalelab.core.spec.LossKind;
import dev.scalelab.core.spec.MlpSpec;
import dev.scalelab.core.spec.ModelSettings;
import dev.scalelab.core.spec.OptimizerSpec;
import dev.scalelab.core.spec.TrainSpec;
import dev.scalelab.core.task.TaskData;
import dev.scalelab.core.task.TaskFactory;
import dev.scalelab.core.task.TaskSpec;
import dev.scalelab.engine.compute.Precision;
import dev.scalelab.engine.cpu.CpuFusedSetting;
import dev.scalelab.engine.cpu.FusedRule;
import dev.scalelab.engine.cpu.VectorSupport;
import dev.scalelab.engine.model.MlpBatch;
import dev.scalelab.engine.nd4j.CpuInfo;
import dev.scalelab.engine.nd4j.Nd4jBackend;
import dev.scalelab.engine.train.Trainer;
import dev.scalelab.engine.train.TrainingListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The fused CPU kernels against ND4J's primitives ({@code $SCALELAB_CPU_FUSED} 1 vs 0) on the training loop, shape
 * by shape, the two alternating run by run in one JVM so that load from other processes hits both alike:
 * model-steps/s of K MLPs in→depth×W→1, full batch, Adam, MSE, float32; one CSV line per shape. Also per CPU
 * second of this process (all its threads), which a loaded machine disturbs less than wall time.
 * Usage: CpuFusedBench WIDTHS KS [depth 2] [batch 100] [input 64] [runs 5] [seconds per run 1.5]
 * e.g. CpuFusedBench 16,32,64,128,256,512 1,8,64,512
 */
public final class CpuFusedBench {
    /** {@code -Dbench.fusedOnly=true}: time only the fused kernels (for profiles). */
    private static final boolean FUSED_ONLY = Boolean.getBoolean("bench.fusedOnly");
    /** {@code -Dbench.withOps=true}: also time ND4J op by op ($SCALELAB_CPU_FUSED=0; slow at K ≥ 8). */
    private static final boolean WITH_OPS = Boolean.getBoolean("bench.withOps");

    private CpuFusedBench() {
    }

    public static void main(String[] args) {
        int[] widths = ints(args[0]);
        int[] ks = ints(args[1]);
        int depth = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int batch = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        int input = args.length > 4 ? Integer.parseInt(args[4]) : 64;
        int runs = args.length > 5 ? Integer.parseInt(args[5]) : 5;
        double seconds = args.length > 6 ? Double.parseDouble(args[6]) : 1.5;
        dev.scalelab.engine.nd4j.NativeThreads.set(Runtime.getRuntime().availableProcessors());
        System.out.printf("# machine: %s, %d cores; OPENBLAS_CORETYPE=%s; java %s; kernels %s; rule: %s%n",
                CpuInfo.modelName(), Runtime.getRuntime().availableProcessors(), System.getenv("OPENBLAS_CORETYPE"),
                System.getProperty("java.version"), VectorSupport.describe(), FusedRule.describe());
        // "gemm": the path the rule takes for shapes it does not fuse (ND4J's GEMMs with our passes around them);
        // "nd4j": ND4J op by op ($SCALELAB_CPU_FUSED=0), the path before issue 20.
        System.out.println("width,K,depth,batch,input,fused_model_steps_s,gemm_model_steps_s,ratio,rule_fused,"
                + "fused_min,fused_max,gemm_min,gemm_max,fused_per_cpu_s,gemm_per_cpu_s,nd4j_model_steps_s");
        for (int w : widths) {
            for (int k : ks) {
                MlpSpec spec = MlpSpec.uniform(input, w, depth, 1, Activation.RELU);
                // ND4J's own threads as the loop sets them for this step size (one for small steps).
                double flops = spec.trainingFlops(batch) * k;
                Nd4jBackend on = new Nd4jBackend(Precision.FP32, CpuFusedSetting.ON);
                Nd4jBackend off = new Nd4jBackend(Precision.FP32, CpuFusedSetting.GEMM);
                off.tuneThreads(flops, 1, 0);
                Nd4jBackend ops = new Nd4jBackend(Precision.FP32, CpuFusedSetting.OFF);
                TaskData data = new TaskFactory(Path.of("unused")).create(TaskSpec.randomRegression(batch, input, 1));
                int steps = 20;
                double[] fused = new double[runs];
                double[] nd4j = new double[runs];
                double[] fusedCpu = new double[runs];
                double[] nd4jCpu = new double[runs];
                double[] opByOp = new double[runs];
                // Warm-up, and a step count that makes a run last about `seconds`.
                double rate = Math.max(rate(on, spec, k, data, batch, steps),
                        FUSED_ONLY ? 0 : rate(off, spec, k, data, batch, steps));
                steps = (int) Math.max(5, Math.min(100000, rate * seconds / k));
                // Again with that many steps: the first, short warm-up is dominated by JIT compilation.
                rate = Math.max(rate(on, spec, k, data, batch, steps),
                        FUSED_ONLY ? 0 : rate(off, spec, k, data, batch, steps));
                steps = (int) Math.max(5, Math.min(100000, rate * seconds / k));
                for (int r = 0; r < runs; r++) {
                    long c = cpu();
                    fused[r] = rate(on, spec, k, data, batch, steps);
                    fusedCpu[r] = (double) steps * k / ((cpu() - c) / 1e9);
                    c = cpu();
                    nd4j[r] = FUSED_ONLY ? Double.NaN : rate(off, spec, k, data, batch, steps);
                    nd4jCpu[r] = (double) steps * k / ((cpu() - c) / 1e9);
                    opByOp[r] = FUSED_ONLY || !WITH_OPS ? Double.NaN : rate(ops, spec, k, data, batch, steps);
                }
                java.util.Arrays.sort(fused);
                java.util.Arrays.sort(nd4j);
                java.util.Arrays.sort(fusedCpu);
                java.util.Arrays.sort(nd4jCpu);
                java.util.Arrays.sort(opByOp);
                double f = Stats.median(fused);
                double n = Stats.median(nd4j);
                System.out.printf("%d,%d,%d,%d,%d,%.0f,%.0f,%.2f,%s,%.0f,%.0f,%.0f,%.0f,%.0f,%.0f,%.0f%n", w, k, depth,
                        batch, input, f, n, f / n, FusedRule.fused(spec, k, batch), fused[0], fused[runs - 1], nd4j[0],
                        nd4j[runs - 1], Stats.median(fusedCpu), Stats.median(nd4jCpu), Stats.median(opByOp));
            }
        }
    }

    /** Model-steps per second of one training run of K models for {@code steps} full-batch steps. */
    static double rate(Nd4jBackend backend, MlpSpec spec, int k, TaskData data, int batch, int steps) {
        TrainSpec train = new TrainSpec(LossKind.MSE, OptimizerSpec.adam(), batch);
        ModelSettings model = ModelSettings.of(1e-3, steps, 0, steps);
        List<ModelSettings> settings = new ArrayList<>(k);
        for (int m = 0; m < k; m++) {
            settings.add(model.withSeed(m));
        }
        List<TaskData> perModel = new ArrayList<>(Collections.nCopies(k, data));
        MlpBatch models = MlpBatch.initialize(backend, spec, InitSpec.torchDefault(), settings);
        long t = System.nanoTime();
        new Trainer(backend).train(models, train, settings, perModel, TrainingListener.NONE);
        return (double) steps * k / ((System.nanoTime() - t) / 1e9);
    }

    /** CPU time of this process, all threads, in ns. */
    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static int[] ints(String csv) {
        return java.util.Arrays.stream(csv.split(",")).mapToInt(Integer::parseInt).toArray();
    }
}
