package dev.scalelab.bench;

import dev.scalelab.core.spec.Activation;
import dev.scalelab.core.spec.MlpSpec;
import dev.scalelab.core.util.Rng;
import dev.scalelab.pruning.subsetsum.PensiaConstruction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * P5: the subset-sum construction (Pensia et al.) for every weight of a 784-500-10 bias-free ReLU target
 * (397,000 weights, torch.nn.Linear's initial range U(±1/√fan_in)), n = 21 (42 candidates per weight, two exact
 * meet-in-the-middle solves per weight), ε = 0.01. Burns in on a 784-20-10 target, then times full builds and
 * prints one JSON line: wall seconds (median), process CPU seconds per build, weights above ε, max and mean error,
 * fraction kept, over-parameterisation.
 *
 * <p>Usage: {@code SubsetSumBench [--threads 2] [--runs 3] [--n 21] [--eps 0.01] [--seed 1]}
 */
public final class SubsetSumBench {
    private SubsetSumBench() {
    }

    public static void main(String[] args) {
        int threads = 2;
        int runs = 3;
        int n = 21;
        double eps = 0.01;
        long seed = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--n" -> n = Integer.parseInt(args[++i]);
                case "--eps" -> eps = Double.parseDouble(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        PensiaConstruction.Spec spec = new PensiaConstruction.Spec(n, eps, seed, threads);
        MlpSpec warm = new MlpSpec(784, List.of(20), 10, Activation.RELU);
        PensiaConstruction.build(warm, weights(warm, seed), spec);
        MlpSpec target = new MlpSpec(784, List.of(500), 10, Activation.RELU);
        List<double[]> w = weights(target, seed);
        double[] times = new double[runs];
        double[] cpu = new double[runs];
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean();
        PensiaConstruction.Result last = null;
        for (int r = 0; r < runs; r++) {
            long c0 = os.getProcessCpuTime();
            last = PensiaConstruction.build(target, w, spec);
            times[r] = last.seconds();
            // Process CPU seconds: what the build costs on a machine nobody else is using (wall ≈ cpu / threads).
            cpu[r] = (os.getProcessCpuTime() - c0) / 1e9;
            System.err.printf(Locale.ROOT, "run %d: %.2f s wall, %.2f s cpu%n", r + 1, times[r], cpu[r]);
        }
        double[] sorted = times.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "{\"target\":\"%s\",\"target_weights\":%d,\"n\":%d,\"epsilon\":%s,\"threads\":%d,"
                        + "\"runs_s\":%s,\"median_s\":%.3f,\"cpu_s\":%s,\"weights_above_eps\":%d,\"max_error\":%.3e,"
                        + "\"mean_error\":%.3e,\"random_weights\":%d,\"kept_weights\":%d,\"fraction_kept\":%.5f,"
                        + "\"overparameterization\":%.1f}%n",
                target, target.weightCount(), n, eps, threads, Arrays.toString(times), sorted[runs / 2],
                Arrays.toString(cpu),
                last.weightsAboveEpsilon(), last.maxError(), last.meanError(), last.randomWeights(),
                last.keptWeights(), last.fractionKept(), last.overparameterization());
    }

    private static List<double[]> weights(MlpSpec spec, long seed) {
        Rng rng = Rng.forPurpose(seed, "p5-target");
        List<double[]> w = new ArrayList<>();
        for (int l = 0; l < spec.layerCount(); l++) {
            double bound = 1 / Math.sqrt(spec.fanIn(l));
            double[] v = new double[spec.fanIn(l) * spec.fanOut(l)];
            for (int i = 0; i < v.length; i++) {
                v[i] = rng.uniform(-bound, bound);
            }
            w.add(v);
        }
        return w;
    }
}
