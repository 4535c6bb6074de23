package dev.scalelab.engine.cuda;

import dev.scalelab.core.spec.Activation;
import dev.scalelab.core.spec.LossKind;
import dev.scalelab.engine.compute.Tensor;

/**
 * The backend's primitives that are our own kernels on tensors: bias + activation forward and backward, bias
 * gradients, loss + gradient, the optimizer steps and masks, and the streamed task's uniform samples. Each checks
 * its shapes, packs its arguments and launches; the launcher keeps the BF16 mode's copies current
 * ({@link KernelLauncher}). The caller makes the backend's context current.
 */
final class KernelPrimitives {
    private final KernelLauncher kernels;

    KernelPrimitives(KernelLauncher kernels) {
        this.kernels = kernels;
    }

    void biasActivationForward(Tensor z, Tensor bias, Activation activation, Tensor a) {
        requireSameShape(z, a);
        if (bias.models() != z.models() || bias.rows() != 1 || bias.cols() != z.cols()) {
            throw new IllegalArgumentException("bias " + bias + " does not fit " + z);
        }
        kernels.elementwise(Kernel.BIAS_ACT_FORWARD, z.length(), kernels.args().ptr(z).ptr(bias).ptr(a)
                .i64(z.length()).i32(z.rows()).i32(z.cols()).i32(KernelPrelude.activationCode(activation)).bf16Copy());
    }

    void activationBackward(Tensor gradA, Tensor z, Tensor a, Activation activation, Tensor gradZ) {
        requireSameShape(gradA, z);
        requireSameShape(gradA, a);
        requireSameShape(gradA, gradZ);
        kernels.elementwise(Kernel.ACT_BACKWARD, z.length(), kernels.args().ptr(gradA).ptr(z).ptr(a).ptr(gradZ)
                .i64(z.length()).i32(KernelPrelude.activationCode(activation)).bf16Copy());
    }

    void sumRows(Tensor gradZ, Tensor gradBias) {
        if (gradBias.models() != gradZ.models() || gradBias.rows() != 1 || gradBias.cols() != gradZ.cols()) {
            throw new IllegalArgumentException("bias gradient " + gradBias + " does not fit " + gradZ);
        }
        kernels.elementwise(Kernel.SUM_ROWS, (long) gradZ.models() * gradZ.cols(), kernels.args().ptr(gradZ)
                .ptr(gradBias).i32(gradZ.models()).i32(gradZ.rows()).i32(gradZ.cols()));
    }

    void lossAndGradient(LossKind loss, Tensor output, Tensor target, Tensor gradOutput, CudaScalars losses) {
        requireSameShape(output, target);
        if (gradOutput != null) {
            requireSameShape(output, gradOutput);
        }
        int k = output.models();
        if (losses.length() != k) {
            throw new IllegalArgumentException(losses.length() + " loss slots for " + k + " models");
        }
        Kernel kernel = loss == LossKind.MSE ? Kernel.MSE : Kernel.SOFTMAX_CE;
        kernels.launch(kernel, k, KernelLauncher.BLOCK, kernels.args().ptr(output).ptr(target).ptr(gradOutput)
                .raw(losses.pointer()).i32(output.rows()).i32(output.cols()));
    }

    /** One kernel for both: bias corrections from the arguments, or from the device clock when it is not 0. */
    void adam(Tensor param, Tensor grad, Tensor m, Tensor v, Tensor learningRates, double beta1,
                      double beta2, double epsilon, double stepScale, double invSqrtBc2, long clock) {
        requireSameShape(param, grad);
        requireSameShape(param, m);
        requireSameShape(param, v);
        long perRate = elementsPerRate(param, learningRates);
        kernels.elementwise(Kernel.ADAM, param.length(), kernels.args().ptr(param).ptr(grad).ptr(m).ptr(v)
                .ptr(learningRates).i64(param.length()).i64(perRate).real(beta1).real(beta2).real(1 - beta1)
                .real(1 - beta2).real(epsilon).real(stepScale).real(invSqrtBc2).raw(clock).bf16Copy());
    }

    void sgdStep(Tensor param, Tensor grad, Tensor buf, Tensor learningRates, double momentum) {
        requireSameShape(param, grad);
        boolean useMomentum = momentum != 0;
        if (useMomentum) {
            requireSameShape(param, buf);
        }
        long perRate = elementsPerRate(param, learningRates);
        kernels.elementwise(Kernel.SGD, param.length(), kernels.args().ptr(param).ptr(grad)
                .ptr(useMomentum ? buf : null).ptr(learningRates).i64(param.length()).i64(perRate).real(momentum)
                .i32(useMomentum ? 1 : 0).bf16Copy());
    }

    void applyMask(Tensor param, Tensor mask) {
        requireSameShape(param, mask);
        kernels.elementwise(Kernel.MASK, param.length(), kernels.args().ptr(param).ptr(mask).i64(param.length())
                .bf16Copy());
    }

    /** Element e of {@code into} becomes {@code ReluTeacher.uniform(streamSeed, first + e)}, bit for bit. */
    void fillUniform(Tensor into, long streamSeed, long first) {
        kernels.elementwise(Kernel.FILL_UNIFORM, into.length(), kernels.args().ptr(into).i64(into.length())
                .i64(streamSeed).i64(first));
    }

    /** The clock {t, 1 / (1 − β₁ᵗ), 1 / √(1 − β₂ᵗ)} one step on. */
    void advanceAdamClock(CudaScalars clock, double beta1, double beta2) {
        kernels.launch(Kernel.ADAM_CLOCK, 1, 1, kernels.args().raw(clock.pointer()).f64(beta1).f64(beta2));
    }

    /**
     * How many consecutive elements of {@code param} share one learning rate: 1 when the rates have the
     * parameter's own shape (one per element), a model's rows · cols when they are [K, 1, 1] (one per model).
     */
    private static long elementsPerRate(Tensor param, Tensor learningRates) {
        if (sameShape(param, learningRates)) {
            return 1;
        }
        if (learningRates.models() == param.models() && learningRates.rows() == 1 && learningRates.cols() == 1) {
            return (long) param.rows() * param.cols();
        }
        throw new IllegalArgumentException("learning rates " + learningRates + " must be [K, 1, 1] or shaped like "
                + param);
    }

    static boolean sameShape(Tensor x, Tensor y) {
        return x.models() == y.models() && x.rows() == y.rows() && x.cols() == y.cols();
    }

    static void requireSameShape(Tensor x, Tensor y) {
        if (!sameShape(x, y)) {
            throw new IllegalArgumentException("shape mismatch: " + x + " vs " + y);
        }
    }
}
