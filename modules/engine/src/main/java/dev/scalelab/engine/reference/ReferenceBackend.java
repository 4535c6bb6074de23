package dev.scalelab.engine.reference;

import dev.scalelab.core.spec.Activation;
import dev.scalelab.core.spec.LossKind;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.compute.Precision;
import dev.scalelab.engine.compute.Tensor;
import java.util.List;

/**
 * The compute primitives in plain Java on doubles: every formula written out once, in the most direct way, with
 * no native code. It is the yardstick other backends are checked against ({@code scalelab doctor --gpu-test} and
 * tests); it is slow and meant for small models. Semantics are {@link ComputeBackend}'s (PyTorch's update rules).
 */
public final class ReferenceBackend implements ComputeBackend {

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public String device() {
        return "plain Java, float64";
    }

    @Override
    public Precision precision() {
        return Precision.FP64;
    }

    @Override
    public Tensor allocate(int models, int rows, int cols) {
        long n = (long) models * rows * cols;
        if (models < 0 || rows < 0 || cols < 0 || n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("cannot allocate [" + models + ", " + rows + ", " + cols + "]");
        }
        return new ReferenceTensor(new double[(int) n], 0, models, rows, cols);
    }

    @Override
    public Tensor allocateContiguous(List<int[]> shapes, List<Tensor> pieces) {
        long total = 0;
        for (int[] s : shapes) {
            total += (long) s[0] * s[1] * s[2];
        }
        ReferenceTensor all = (ReferenceTensor) allocate(1, 1, (int) total);
        int offset = 0;
        for (int[] s : shapes) {
            pieces.add(new ReferenceTensor(all.data, offset, s[0], s[1], s[2]));
            offset += s[0] * s[1] * s[2];
        }
        return all;
    }

    private static ReferenceTensor t(Tensor t) {
        return (ReferenceTensor) t;
    }

    @Override
    public void upload(double[] values, Tensor into) {
        checkLength(values.length, into);
        System.arraycopy(values, 0, t(into).data, t(into).offset, values.length);
    }

    @Override
    public void upload(float[] values, Tensor into) {
        checkLength(values.length, into);
        ReferenceTensor r = t(into);
        for (int i = 0; i < values.length; i++) {
            r.set(i, values[i]);
        }
    }

    private static void checkLength(int length, Tensor t) {
        if (length != t.length()) {
            throw new IllegalArgumentException("upload of " + length + " values into " + t);
        }
    }

    @Override
    public double[] download(Tensor tensor) {
        ReferenceTensor r = t(tensor);
        double[] out = new double[(int) r.length()];
        System.arraycopy(r.data, r.offset, out, 0, out.length);
        return out;
    }

    @Override
    public void zero(Tensor tensor) {
        ReferenceTensor r = t(tensor);
        java.util.Arrays.fill(r.data, r.offset, r.offset + (int) r.length(), 0.0);
    }

    @Override
    public void batchedMatmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor c) {
        int m = transposeA ? a.cols() : a.rows();
        int inner = transposeA ? a.rows() : a.cols();
        int innerB = transposeB ? b.cols() : b.rows();
        int n = transposeB ? b.rows() : b.cols();
        if (inner != innerB || c.rows() != m || c.cols() != n || a.models() != c.models()
                || b.models() != c.models()) {
            throw new IllegalArgumentException("matmul shapes: " + a + (transposeA ? "ᵀ" : "") + " · " + b
                    + (transposeB ? "ᵀ" : "") + " -> " + c);
        }
        ReferenceTensor ra = t(a);
        ReferenceTensor rb = t(b);
        ReferenceTensor rc = t(c);
        double[] out = new double[m * n];
        for (int k = 0; k < c.models(); k++) {
            int baseA = k * a.rows() * a.cols();
            int baseB = k * b.rows() * b.cols();
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int p = 0; p < inner; p++) {
                        double x = ra.get(baseA + (transposeA ? p * a.cols() + i : i * a.cols() + p));
                        double y = rb.get(baseB + (transposeB ? j * b.cols() + p : p * b.cols() + j));
                        s += x * y;
                    }
                    out[i * n + j] = s;
                }
            }
            // Written after the products, so c may alias a or b.
            System.arraycopy(out, 0, rc.data, rc.offset + k * m * n, m * n);
        }
    }

    @Override
    public void biasActivationForward(Tensor z, Tensor bias, Activation activation, Tensor a) {
        requireSameShape(z, a);
        if (bias.models() != z.models() || bias.rows() != 1 || bias.cols() != z.cols()) {
            throw new IllegalArgumentException("bias " + bias + " does not fit " + z);
        }
        ReferenceTensor rz = t(z);
        ReferenceTensor rb = t(bias);
        ReferenceTensor ra = t(a);
        int perModel = z.rows() * z.cols();
        for (int i = 0; i < z.length(); i++) {
            double v = rz.get(i) + rb.get(i / perModel * z.cols() + i % z.cols());
            rz.set(i, v);
            ra.set(i, activation.apply(v));
        }
    }

    @Override
    public void activationBackward(Tensor gradA, Tensor z, Tensor a, Activation activation, Tensor gradZ) {
        requireSameShape(gradA, z);
        requireSameShape(gradA, a);
        requireSameShape(gradA, gradZ);
        ReferenceTensor ga = t(gradA);
        ReferenceTensor rz = t(z);
        ReferenceTensor gz = t(gradZ);
        for (int i = 0; i < z.length(); i++) {
            gz.set(i, ga.get(i) * activation.derivative(rz.get(i)));
        }
    }

    @Override
    public void sumRows(Tensor gradZ, Tensor gradBias) {
        if (gradBias.models() != gradZ.models() || gradBias.rows() != 1 || gradBias.cols() != gradZ.cols()) {
            throw new IllegalArgumentException("bias gradient " + gradBias + " does not fit " + gradZ);
        }
        ReferenceTensor g = t(gradZ);
        ReferenceTensor out = t(gradBias);
        int cols = gradZ.cols();
        for (int k = 0; k < gradZ.models(); k++) {
            for (int j = 0; j < cols; j++) {
                double s = 0;
                for (int r = 0; r < gradZ.rows(); r++) {
                    s += g.get((k * gradZ.rows() + r) * cols + j);
                }
                out.set(k * cols + j, s);
            }
        }
    }

    @Override
    public double[] lossAndGradient(LossKind loss, Tensor output, Tensor target, Tensor gradOutput) {
        requireSameShape(output, target);
        if (gradOutput != null) {
            requireSameShape(output, gradOutput);
        }
        ReferenceTensor o = t(output);
        ReferenceTensor y = t(target);
        ReferenceTensor g = gradOutput == null ? null : t(gradOutput);
        int rows = output.rows();
        int cols = output.cols();
        double[] losses = new double[output.models()];
        for (int k = 0; k < losses.length; k++) {
            int base = k * rows * cols;
            double sum = 0;
            if (loss == LossKind.MSE) {
                double count = (double) rows * cols;
                for (int i = base; i < base + rows * cols; i++) {
                    double d = o.get(i) - y.get(i);
                    sum += d * d;
                    if (g != null) {
                        g.set(i, 2 * d / count);
                    }
                }
                losses[k] = sum / count;
            } else {
                for (int r = 0; r < rows; r++) {
                    int row = base + r * cols;
                    double max = Double.NEGATIVE_INFINITY;
                    for (int c = 0; c < cols; c++) {
                        max = Math.max(max, o.get(row + c));
                    }
                    double z = 0;
                    for (int c = 0; c < cols; c++) {
                        z += Math.exp(o.get(row + c) - max);
                    }
                    double logZ = max + Math.log(z);
                    for (int c = 0; c < cols; c++) {
                        double logP = o.get(row + c) - logZ;
                        sum -= y.get(row + c) * logP;
                        if (g != null) {
                            g.set(row + c, (Math.exp(logP) - y.get(row + c)) / rows);
                        }
                    }
                }
                losses[k] = sum / rows;
            }
        }
        return losses;
    }

    @Override
    public void adamStep(Tensor param, Tensor grad, Tensor m, Tensor v, Tensor learningRates, double beta1,
                         double beta2, double epsilon, long t) {
        requireSameShape(param, grad);
        requireSameShape(param, m);
        requireSameShape(param, v);
        double bias1 = 1 - Math.pow(beta1, t);
        double sqrtBias2 = Math.sqrt(1 - Math.pow(beta2, t));
        ReferenceTensor p = t(param);
        ReferenceTensor g = t(grad);
        ReferenceTensor rm = t(m);
        ReferenceTensor rv = t(v);
        for (int i = 0; i < param.length(); i++) {
            double gi = g.get(i);
            double mi = beta1 * rm.get(i) + (1 - beta1) * gi;
            double vi = beta2 * rv.get(i) + (1 - beta2) * gi * gi;
            rm.set(i, mi);
            rv.set(i, vi);
            double lr = rate(learningRates, param, i);
            p.set(i, p.get(i) - lr / bias1 * mi / (Math.sqrt(vi) / sqrtBias2 + epsilon));
        }
    }

    @Override
    public void sgdStep(Tensor param, Tensor grad, Tensor buf, Tensor learningRates, double momentum) {
        requireSameShape(param, grad);
        ReferenceTensor p = t(param);
        ReferenceTensor g = t(grad);
        ReferenceTensor b = momentum == 0 ? null : t(buf);
        if (b != null) {
            requireSameShape(param, buf);
        }
        for (int i = 0; i < param.length(); i++) {
            double d = g.get(i);
            if (b != null) {
                d = momentum * b.get(i) + d;
                b.set(i, d);
            }
            p.set(i, p.get(i) - rate(learningRates, param, i) * d);
        }
    }

    /** Element i's learning rate: rates are [K, 1, 1] (one per model) or the parameter's own shape. */
    private static double rate(Tensor rates, Tensor param, int i) {
        ReferenceTensor r = t(rates);
        if (rates.length() == param.length() && rates.rows() == param.rows()) {
            return r.get(i);
        }
        if (rates.models() == param.models() && rates.rows() == 1 && rates.cols() == 1) {
            return r.get(i / (param.rows() * param.cols()));
        }
        throw new IllegalArgumentException("learning rates " + rates + " must be [K, 1, 1] or shaped like " + param);
    }

    @Override
    public void applyMask(Tensor param, Tensor mask) {
        requireSameShape(param, mask);
        ReferenceTensor p = t(param);
        ReferenceTensor mk = t(mask);
        for (int i = 0; i < param.length(); i++) {
            p.set(i, p.get(i) * mk.get(i));
        }
    }

    private static void requireSameShape(Tensor x, Tensor y) {
        if (x.models() != y.models() || x.rows() != y.rows() || x.cols() != y.cols()) {
            throw new IllegalArgumentException("shape mismatch: " + x + " vs " + y);
        }
    }

    @Override
    public void close() {
        // Arrays are released by the garbage collector.
    }
}
