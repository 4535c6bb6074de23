package dev.scalelab.bench;

import dev.scalelab.scaling.fit.ChinchillaForm;
import dev.scalelab.scaling.fit.FitData;
import dev.scalelab.scaling.fit.Lbfgs;
import dev.scalelab.scaling.fit.MultiStartFitter;
import dev.scalelab.scaling.fit.MultiStartResult;
import dev.scalelab.scaling.fit.Penalty;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;

/**
 * P4: the 4,500-start Chinchilla grid fit (Huber δ=1e-3 on log residuals, summed; L-BFGS, analytic gradients) on
 * 240 synthetic points of L = 1.69 + 406.4·N^-0.34 + 410.7·D^-0.28 with 1% multiplicative noise, N in 6e7–1.6e10,
 * D in 2.5e8–3.2e11, losses kept in 2.0–3.5. Writes the points as CSV (for p4_scipy.py), burns in, times several
 * fits and prints the median and the optimum as one JSON line.
 *
 * <p>Usage: {@code P4ChinchillaFit [--csv FILE] [--warmup 2] [--runs 5] [--threads N] [--seed 2024]}
 */
public final class P4ChinchillaFit {
    private P4ChinchillaFit() {
    }

    public static void main(String[] args) throws IOException {
        Path csv = Path.of("benchmarks/target/p4/points.csv");
        int warmup = 2;
        int runs = 5;
        int threads = Runtime.getRuntime().availableProcessors();
        long seed = 2024;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--csv" -> csv = Path.of(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        double[][] pts = points(seed, 240);
        writeCsv(csv, pts);
        FitData data = FitData.of(pts[0], pts[1], pts[2]);
        ChinchillaForm form = new ChinchillaForm();
        List<double[]> starts = form.starts(data);
        ForkJoinPool pool = new ForkJoinPool(threads);
        MultiStartFitter fitter = new MultiStartFitter(Lbfgs.tight(), pool);
        MultiStartResult r = null;
        for (int i = 0; i < warmup; i++) {
            r = fitter.fit(form, data, Penalty.huber(1e-3), starts);
        }
        double[] times = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            r = fitter.fit(form, data, Penalty.huber(1e-3), starts);
            times[i] = (System.nanoTime() - t0) / 1e9;
        }
        pool.shutdown();
        double[] sorted = times.clone();
        Arrays.sort(sorted);
        double median = runs % 2 == 1 ? sorted[runs / 2] : 0.5 * (sorted[runs / 2 - 1] + sorted[runs / 2]);
        Map<String, Double> p = form.reported(r.theta());
        List<String> ts = new ArrayList<>();
        for (double t : times) {
            ts.add(String.format(Locale.ROOT, "%.3f", t));
        }
        System.out.printf(Locale.ROOT, "{\"impl\": \"java\", \"points\": %d, \"starts\": %d, \"threads\": %d, "
                        + "\"median_s\": %.4f, \"times_s\": [%s], \"objective\": %.17g, \"reached_best\": %d, "
                        + "\"A\": %.10g, \"B\": %.10g, \"E\": %.10g, \"alpha\": %.10g, \"beta\": %.10g, \"csv\": \"%s\"}%n",
                data.size(), starts.size(), threads, median, String.join(", ", ts), r.objective(), r.reachedBest(),
                p.get("A"), p.get("B"), p.get("E"), p.get("alpha"), p.get("beta"), csv);
    }

    static double[][] points(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] out = new double[3][n];
        int k = 0;
        while (k < n) {
            double nn = Math.exp(Math.log(6e7) + r.nextDouble() * (Math.log(1.6e10) - Math.log(6e7)));
            double dd = Math.exp(Math.log(2.5e8) + r.nextDouble() * (Math.log(3.2e11) - Math.log(2.5e8)));
            double u1 = r.nextDouble();
            double u2 = r.nextDouble();
            double z = Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
            double loss = (1.69 + 406.4 * Math.pow(nn, -0.34) + 410.7 * Math.pow(dd, -0.28)) * Math.exp(0.01 * z);
            if (loss < 2.0 || loss > 3.5) {
                continue;
            }
            out[0][k] = nn;
            out[1][k] = dd;
            out[2][k] = loss;
            k++;
        }
        return out;
    }

    static void writeCsv(Path csv, double[][] pts) throws IOException {
        if (csv.getParent() != null) {
            Files.createDirectories(csv.getParent());
        }
        StringBuilder sb = new StringBuilder("N,D,C,loss\n");
        for (int i = 0; i < pts[0].length; i++) {
            sb.append(String.format(Locale.ROOT, "%.17g,%.17g,%.17g,%.17g%n", pts[0][i], pts[1][i],
                    6 * pts[0][i] * pts[1][i], pts[2][i]));
        }
        Files.writeString(csv, sb.toString());
    }
}
