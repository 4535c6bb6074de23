package dev.scalelab.engine.selftest;

import dev.scalelab.core.spec.Activation;
import dev.scalelab.core.spec.LossKind;
import dev.scalelab.core.util.Rng;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.compute.Tensor;
import dev.scalelab.engine.reference.ReferenceBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Every {@link ComputeBackend} primitive on a backend against the plain-Java FP64 {@link ReferenceBackend}, on
 * the same inputs (rounded to float first, so storage precision is not what is measured). One {@link Check} per
 * primitive (per activation and loss where those vary), named after it.
 */
final class PrimitiveChecks {
    static final String GROUP = "primitive";
    private static final int K = 3;
    private static final int ROWS = 37;
    private static final int COLS = 19;

    private final ReferenceBackend reference = new ReferenceBackend();
    private final double tolerance;

    /** {@code tolerance}: the infinity-norm relative error allowed (see {@link Agreement#relative}). */
    PrimitiveChecks(double tolerance) {
        this.tolerance = tolerance;
    }

    List<Check> run(ComputeBackend backend) {
        List<Check> checks = new ArrayList<>();
        Rng rng = new Rng(20261129);
        double[] x = floats(rng, K * ROWS * COLS);
        double[] bias = floats(rng, K * COLS);
        double[] grad = floats(rng, K * ROWS * COLS);

        checks.add(compare("upload/download", backend, b -> parts(b.download(put(b, x, K, ROWS, COLS)))));
        checks.add(compare("zero", backend, b -> {
            Tensor t = put(b, x, K, ROWS, COLS);
            b.zero(t);
            return parts(b.download(t));
        }));
        checks.addAll(matmuls(backend, rng));
        for (Activation act : Activation.values()) {
            checks.add(compare("biasActivationForward " + act, backend, b -> {
                Tensor z = put(b, x, K, ROWS, COLS);
                Tensor a = b.allocate(K, ROWS, COLS);
                b.biasActivationForward(z, put(b, bias, K, 1, COLS), act, a);
                return parts(b.download(a), b.download(z));
            }));
            checks.add(compare("activationBackward " + act, backend, b -> {
                Tensor z = put(b, x, K, ROWS, COLS);
                Tensor a = b.allocate(K, ROWS, COLS);
                b.biasActivationForward(z, put(b, bias, K, 1, COLS), act, a);
                Tensor g = put(b, grad, K, ROWS, COLS);
                b.activationBackward(g, z, a, act, g);
                return parts(b.download(g));
            }));
        }
        checks.add(compare("sumRows", backend, b -> {
            Tensor s = b.allocate(K, 1, COLS);
            b.sumRows(put(b, grad, K, ROWS, COLS), s);
            return parts(b.download(s));
        }));
        double[] target = new double[K * ROWS * COLS];
        for (int r = 0; r < K * ROWS; r++) {
            target[r * COLS + rng.nextInt(COLS)] = 1;
        }
        for (LossKind loss : LossKind.values()) {
            checks.add(compare("lossAndGradient " + loss, backend, b -> {
                Tensor g = b.allocate(K, ROWS, COLS);
                double[] losses = b.lossAndGradient(loss, put(b, x, K, ROWS, COLS), put(b, target, K, ROWS, COLS), g);
                return parts(losses, b.download(g));
            }));
        }
        double[] rates = {0.1, 0.0, 0.01};
        checks.add(compare("adamStep", backend, b -> {
            Tensor p = put(b, x, K, ROWS, COLS);
            Tensor m = b.allocate(K, ROWS, COLS);
            Tensor v = b.allocate(K, ROWS, COLS);
            Tensor lr = put(b, rates, K, 1, 1);
            for (long t = 1; t <= 3; t++) {
                b.adamStep(p, put(b, t == 2 ? x : grad, K, ROWS, COLS), m, v, lr, 0.9, 0.999, 1e-8, t);
            }
            return parts(b.download(p), b.download(m), b.download(v));
        }));
        for (double momentum : new double[] {0.9, 0.0}) {
            checks.add(compare(momentum == 0 ? "sgdStep" : "sgdStep momentum", backend, b -> {
                Tensor p = put(b, x, K, ROWS, COLS);
                Tensor buf = b.allocate(K, ROWS, COLS);
                Tensor lr = put(b, rates, K, 1, 1);
                for (int t = 0; t < 3; t++) {
                    b.sgdStep(p, put(b, grad, K, ROWS, COLS), buf, lr, momentum);
                }
                return momentum == 0 ? parts(b.download(p)) : parts(b.download(p), b.download(buf));
            }));
        }
        double[] mask = new double[K * ROWS * COLS];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = rng.uniform() < 0.5 ? 1 : 0;
        }
        checks.add(compare("applyMask", backend, b -> {
            Tensor p = put(b, x, K, ROWS, COLS);
            b.applyMask(p, put(b, mask, K, ROWS, COLS));
            return parts(b.download(p));
        }));
        return checks;
    }

    /** The four transpose combinations of {@code batchedMatmul}, one check each. */
    List<Check> matmuls(ComputeBackend backend, Rng rng) {
        List<Check> checks = new ArrayList<>();
        int m = 33;
        int inner = 64;
        int n = 17;
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                double[] a = floats(rng, K * m * inner);
                double[] bm = floats(rng, K * inner * n);
                String name = "batchedMatmul" + (ta ? " Aᵀ" : " A") + (tb ? "·Bᵀ" : "·B");
                checks.add(compare(name, backend, b -> {
                    Tensor at = ta ? put(b, a, K, inner, m) : put(b, a, K, m, inner);
                    Tensor bt = tb ? put(b, bm, K, n, inner) : put(b, bm, K, inner, n);
                    Tensor c = b.allocate(K, m, n);
                    b.batchedMatmul(at, ta, bt, tb, c);
                    return parts(b.download(c));
                }));
            }
        }
        return checks;
    }

    /** Runs {@code work} on the backend and on the reference; a thrown exception is a failure of that primitive. */
    private Check compare(String name, ComputeBackend backend, Function<ComputeBackend, double[][]> work) {
        double[][] want = work.apply(reference);
        double[][] got;
        try {
            got = work.apply(backend);
        } catch (RuntimeException e) {
            return Check.failed(GROUP, name, "threw " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        double error = 0;
        String note = "";
        for (int i = 0; i < want.length; i++) {
            double e = Agreement.relative(got[i], want[i]);
            if (!(e <= error)) {
                error = e;
                note = e <= tolerance ? "" : (want.length > 1 ? "output " + (i + 1) + ", " : "") + worst(got[i], want[i]);
            }
            if (Double.isNaN(e)) {
                break;
            }
        }
        return Check.measured(GROUP, name, error, tolerance, note);
    }

    /** Where the two disagree most, for the note of a failed check. */
    private static String worst(double[] got, double[] want) {
        if (got.length != want.length) {
            return got.length + " values, expected " + want.length;
        }
        int at = 0;
        double most = -1;
        for (int i = 0; i < got.length; i++) {
            double d = Double.isFinite(got[i]) ? Math.abs(got[i] - want[i]) : Double.POSITIVE_INFINITY;
            if (d > most) {
                most = d;
                at = i;
            }
        }
        return String.format(java.util.Locale.ROOT, "element %d: %.6g, reference %.6g", at, got[at], want[at]);
    }

    static Tensor put(ComputeBackend b, double[] values, int k, int rows, int cols) {
        Tensor t = b.allocate(k, rows, cols);
        b.upload(values, t);
        return t;
    }

    /** Gaussian values that are exact in float. */
    static double[] floats(Rng rng, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rng.normal();
        }
        return v;
    }

    private static double[][] parts(double[]... parts) {
        return parts;
    }
}
