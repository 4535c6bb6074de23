package dev.scalelab.pruning.subsetsum;

import dev.scalelab.core.UserInputException;
import dev.scalelab.core.spec.Activation;
import dev.scalelab.core.spec.MlpSpec;
import dev.scalelab.core.util.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The strong-lottery-ticket construction of Pensia, Rajput, Nagle, Vishwakarma & Papailiopoulos (2020): every
 * weight of a bias-free ReLU target network is realised by <em>pruning</em> a random network of twice the depth
 * whose weights are i.i.d. Uniform[−1, 1], with subset sum choosing what to keep.
 *
 * <p>One target layer y = W x (W is [d_in, d_out] here, x·W in the engine's row convention) becomes two random
 * layers: d_in → 2n·d_in (ReLU) → d_out. Hidden neuron (j, i), i &lt; 2n, has first-layer weight u_ji on input j
 * (the block-diagonal part; every other first-layer weight is pruned) and second-layer weights v_ji,k. Since
 * σ(u x) = |u|·σ(x) for u &gt; 0 and |u|·σ(−x) for u &lt; 0, keeping the neurons S⁺ (u &gt; 0) and S⁻ (u &lt; 0)
 * for output k realises A·σ(x_j) + B·σ(−x_j) with A = Σ_{S⁺} |u|v and B = Σ_{S⁻} |u|v. Because
 * w·x = σ(w x) − σ(−w x) = w·σ(x) − w·σ(−x), exact subset sum picks S⁺ with A closest to w and S⁻ with B closest
 * to −w, from the 2n candidates of the block (about n of each sign). The realised weight's error is
 * max(|A − w|, |B + w|), which bounds |(A σ(x) + B σ(−x)) − w x| / |x|.
 *
 * <p>The first-layer weights off the block diagonal are pruned whatever their values, so they are never drawn;
 * a hidden neuron no output uses is pruned too. Randomness is drawn per (layer, input) from its own stream, so
 * the result does not depend on the number of threads.
 */
public final class PensiaConstruction {
    private PensiaConstruction() {
    }

    /**
     * @param n half the hidden neurons per input coordinate (2n candidates per target weight)
     */
    public record Spec(int n, double epsilon, long seed, int threads) {
        public Spec {
            UserInputException.require(n >= 1 && 2 * n <= SubsetSum.MAX_N && 2 * n <= 62,
                    "n must be in 1..25, got " + n);
            UserInputException.require(epsilon > 0, "epsilon must be positive, got " + epsilon);
            UserInputException.require(threads >= 1, "threads must be ≥ 1, got " + threads);
        }
    }

    /** The chosen subsets of one target layer and the random weights they keep. */
    public static final class LayerResult {
        final int fanIn;
        final int fanOut;
        final int width; // 2n
        /** u[j * width + i]: first-layer weight of hidden neuron (j, i). */
        final double[] u;
        /** v[(j * width + i) * fanOut + k]: second-layer weight from hidden neuron (j, i) to output k. */
        final double[] v;
        /** selected[j * fanOut + k]: bit i set when neuron (j, i) is kept for output k. */
        final long[] selected;
        /** errors[j * fanOut + k]: max(|A − w|, |B + w|) of the realised weight. */
        final double[] errors;
        /** plusErrors[j * fanOut + k]: |A − w| alone, the error that matters for inputs x ≥ 0. */
        final double[] plusErrors;

        LayerResult(int fanIn, int fanOut, int width) {
            this.fanIn = fanIn;
            this.fanOut = fanOut;
            this.width = width;
            this.u = new double[fanIn * width];
            this.v = new double[fanIn * width * fanOut];
            this.selected = new long[fanIn * fanOut];
            this.errors = new double[fanIn * fanOut];
            this.plusErrors = new double[fanIn * fanOut];
        }

        public double[] errors() {
            return errors.clone();
        }

        /** |A − w| of every realised weight: the error of the σ(x) half alone. */
        public double[] plusErrors() {
            return plusErrors.clone();
        }

        /** Kept weights of the two random layers (used first-layer weights + selected second-layer weights). */
        public long keptWeights() {
            long kept = 0;
            for (int j = 0; j < fanIn; j++) {
                long used = 0;
                for (int k = 0; k < fanOut; k++) {
                    used |= selected[j * fanOut + k];
                    kept += Long.bitCount(selected[j * fanOut + k]);
                }
                kept += Long.bitCount(used);
            }
            return kept;
        }

        /** Weights of the two dense random layers before pruning. */
        public long randomWeights() {
            long hidden = (long) fanIn * width;
            return (long) fanIn * hidden + hidden * fanOut;
        }
    }

    /** The construction's outcome for a whole target network. */
    public record Result(MlpSpec target, MlpSpec random, Spec spec, List<LayerResult> layers, double seconds) {

        public long targetWeights() {
            return target.weightCount();
        }

        public long randomWeights() {
            return random.weightCount();
        }

        public long keptWeights() {
            return layers.stream().mapToLong(LayerResult::keptWeights).sum();
        }

        /** Kept fraction of the random network's weights. */
        public double fractionKept() {
            return (double) keptWeights() / randomWeights();
        }

        /** Random network weights per target weight. */
        public double overparameterization() {
            return (double) randomWeights() / targetWeights();
        }

        public double maxError() {
            double m = 0;
            for (LayerResult l : layers) {
                for (double e : l.errors) {
                    m = Math.max(m, e);
                }
            }
            return m;
        }

        public double meanError() {
            double s = 0;
            long c = 0;
            for (LayerResult l : layers) {
                for (double e : l.errors) {
                    s += e;
                    c++;
                }
            }
            return s / c;
        }

        /** Target weights whose realised error exceeds ε. */
        public long weightsAboveEpsilon() {
            long c = 0;
            for (LayerResult l : layers) {
                for (double e : l.errors) {
                    if (e > spec.epsilon()) {
                        c++;
                    }
                }
            }
            return c;
        }

        /**
         * Target weights whose σ(x) half misses ε: only these matter when every input of the layer is ≥ 0 (pixels,
         * and ReLU outputs for every later layer).
         */
        public long weightsAboveEpsilonPositiveHalf() {
            long c = 0;
            for (LayerResult l : layers) {
                for (double e : l.plusErrors) {
                    if (e > spec.epsilon()) {
                        c++;
                    }
                }
            }
            return c;
        }

        public double maxErrorPositiveHalf() {
            double m = 0;
            for (LayerResult l : layers) {
                for (double e : l.plusErrors) {
                    m = Math.max(m, e);
                }
            }
            return m;
        }

        /**
         * The pruned random network as dense per-layer weights (row-major [fan_in, fan_out], pruned = 0) for
         * {@code MlpBatch.of} with K = 1; its biases are all zero (the construction uses none).
         */
        public List<double[]> prunedWeights() {
            List<double[]> out = new ArrayList<>();
            for (LayerResult l : layers) {
                int hidden = l.fanIn * l.width;
                double[] first = new double[l.fanIn * hidden];
                double[] second = new double[hidden * l.fanOut];
                for (int j = 0; j < l.fanIn; j++) {
                    long used = 0;
                    for (int k = 0; k < l.fanOut; k++) {
                        long sel = l.selected[j * l.fanOut + k];
                        used |= sel;
                        for (long bits = sel; bits != 0; bits &= bits - 1) {
                            int i = Long.numberOfTrailingZeros(bits);
                            int h = j * l.width + i;
                            second[h * l.fanOut + k] = l.v[h * l.fanOut + k];
                        }
                    }
                    for (long bits = used; bits != 0; bits &= bits - 1) {
                        int i = Long.numberOfTrailingZeros(bits);
                        int h = j * l.width + i;
                        first[j * hidden + h] = l.u[h];
                    }
                }
                out.add(first);
                out.add(second);
            }
            return out;
        }
    }

    /** The random network's shape for a target: each layer d_in → d_out becomes d_in → 2n·d_in → d_out. */
    public static MlpSpec randomSpec(MlpSpec target, int n) {
        List<Integer> widths = new ArrayList<>();
        for (int l = 0; l < target.layerCount(); l++) {
            widths.add(2 * n * target.fanIn(l));
            if (l + 1 < target.layerCount()) {
                widths.add(target.fanOut(l));
            }
        }
        return new MlpSpec(target.inputDim(), widths, target.outputDim(), Activation.RELU);
    }

    /** Builds the pruned random network for {@code weights} (per layer, row-major [fan_in, fan_out]). */
    public static Result build(MlpSpec target, List<double[]> weights, Spec spec) {
        UserInputException.require(target.activation() == Activation.RELU || target.layerCount() == 1,
                "the subset-sum construction needs a ReLU target, got " + target.activation());
        long start = System.nanoTime();
        int width = 2 * spec.n();
        List<LayerResult> layers = new ArrayList<>();
        for (int l = 0; l < target.layerCount(); l++) {
            layers.add(new LayerResult(target.fanIn(l), target.fanOut(l), width));
        }
        ExecutorService pool = Executors.newFixedThreadPool(spec.threads(), r -> {
            Thread t = new Thread(r, "subset-sum");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> jobs = new ArrayList<>();
            ThreadLocal<SubsetSum> solvers = ThreadLocal.withInitial(SubsetSum::new);
            for (int l = 0; l < layers.size(); l++) {
                LayerResult layer = layers.get(l);
                double[] w = weights.get(l);
                if (w.length != layer.fanIn * layer.fanOut) {
                    throw new IllegalArgumentException("layer " + l + ": expected " + layer.fanIn * layer.fanOut
                            + " weights, got " + w.length);
                }
                int layerIndex = l;
                int chunk = Math.max(1, layer.fanIn / (8 * spec.threads()));
                for (int from = 0; from < layer.fanIn; from += chunk) {
                    int f = from;
                    int to = Math.min(layer.fanIn, from + chunk);
                    jobs.add(pool.submit(() -> {
                        for (int j = f; j < to; j++) {
                            solveInput(layer, w, layerIndex, j, spec, solvers.get());
                        }
                    }));
                }
            }
            for (Future<?> job : jobs) {
                job.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("subset-sum construction failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return new Result(target, randomSpec(target, spec.n()), spec, layers, (System.nanoTime() - start) / 1e9);
    }

    /** Draws the random weights of input j's block and solves the 2·fan_out subset-sum problems on them. */
    private static void solveInput(LayerResult layer, double[] w, int l, int j, Spec spec, SubsetSum solver) {
        int width = layer.width;
        int fanOut = layer.fanOut;
        Rng rng = Rng.forPurpose(spec.seed(), "subset-sum/layer" + l + "/input" + j);
        int base = j * width;
        for (int i = 0; i < width; i++) {
            layer.u[base + i] = rng.uniform(-1, 1);
        }
        for (int i = 0; i < width; i++) {
            int row = (base + i) * fanOut;
            for (int k = 0; k < fanOut; k++) {
                layer.v[row + k] = rng.uniform(-1, 1);
            }
        }
        int[] pos = new int[width];
        int[] neg = new int[width];
        int np = 0;
        int nn = 0;
        for (int i = 0; i < width; i++) {
            if (layer.u[base + i] > 0) {
                pos[np++] = i;
            } else if (layer.u[base + i] < 0) {
                neg[nn++] = i;
            }
        }
        double[] candidates = new double[width];
        for (int k = 0; k < fanOut; k++) {
            double target = w[j * fanOut + k];
            for (int c = 0; c < np; c++) {
                int h = base + pos[c];
                candidates[c] = layer.u[h] * layer.v[h * fanOut + k];
            }
            SubsetSum.Solution plus = solver.solve(candidates, np, target);
            for (int c = 0; c < nn; c++) {
                int h = base + neg[c];
                candidates[c] = -layer.u[h] * layer.v[h * fanOut + k];
            }
            SubsetSum.Solution minus = solver.solve(candidates, nn, -target);
            long sel = 0;
            for (long bits = plus.mask(); bits != 0; bits &= bits - 1) {
                sel |= 1L << pos[Long.numberOfTrailingZeros(bits)];
            }
            for (long bits = minus.mask(); bits != 0; bits &= bits - 1) {
                sel |= 1L << neg[Long.numberOfTrailingZeros(bits)];
            }
            layer.selected[j * fanOut + k] = sel;
            layer.errors[j * fanOut + k] = Math.max(plus.error(), minus.error());
            layer.plusErrors[j * fanOut + k] = plus.error();
        }
    }
}
