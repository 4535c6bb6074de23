package dev.scalelab.engine.selftest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.compute.ForwardingBackend;
import dev.scalelab.engine.compute.Tensor;
import dev.scalelab.engine.reference.ReferenceBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The self-test's checks themselves, with the reference backend standing in for a device (so every comparison
 * must come out exact; graphs, fast modes and device memory are not there and say they were skipped), and with
 * one of its primitives broken. How the checks fare on a real backend: FakeDriverTest (CUDA kernels on the host)
 * and DoctorCommandTest.
 */
class BackendSelfTestTest {
    private static final SelfTestSettings QUICK = new SelfTestSettings(20, 4, 10);

    @Test
    void theReferenceAgainstItselfPassesEveryCheckThatApplies() {
        List<Check> checks = new BackendSelfTest(QUICK).run(targets(ReferenceBackend::new), c -> { });
        List<Check> failed = checks.stream().filter(Check::failed).toList();
        assertTrue(failed.isEmpty(), "failed: " + failed);
        assertTrue(checks.stream().filter(c -> c.group().equals("primitive")).allMatch(c -> c.error() == 0),
                "the same arithmetic gives the same numbers");
        assertEquals(24, checks.stream().filter(c -> c.group().equals("training")).count(),
                "every activation × loss × optimizer");
        assertEquals(List.of("graphs", "tf32", "bf16", "memory"), checks.stream()
                .filter(c -> c.status() == Check.Status.SKIPPED).map(Check::group).toList());
    }

    @Test
    void aBrokenPrimitiveFailsByName() {
        List<Check> checks = new BackendSelfTest(QUICK).run(targets(() -> new BrokenSumRows(
                new ReferenceBackend())), c -> { });
        List<String> failedPrimitives = checks.stream().filter(c -> c.failed() && c.group().equals("primitive"))
                .map(Check::name).collect(Collectors.toList());
        assertEquals(List.of("sumRows"), failedPrimitives);
        assertTrue(checks.stream().anyMatch(c -> c.failed() && c.group().equals("training")),
                "wrong bias gradients also spoil training");
    }

    /**
     * A fast mode that multiplies at full precision fails its rounding check (and only that: its error bounds have
     * no lower end), while one that rounds its product inputs to the mode's mantissa passes every check.
     */
    @Test
    void aFastModeThatDoesNotRoundFailsAndOneThatRoundsPasses() {
        List<Check> hollow = new BackendSelfTest(QUICK).run(new SelfTestTargets("test backend", ReferenceBackend::new,
                ReferenceBackend::new, ReferenceBackend::new, ReferenceBackend::new), c -> { });
        assertEquals(List.of("tf32 products round inputs to 10 mantissa bits",
                "bf16 products round inputs to 7 mantissa bits"), hollow.stream().filter(Check::failed)
                .map(c -> c.group() + " " + c.name()).toList());
        Check tf32 = hollow.stream().filter(c -> c.failed() && c.group().equals("tf32")).findFirst().orElseThrow();
        assertEquals(Math.scalb(1.0, -12), tf32.error(), 1e-15, "an FP32 product is off by 2^-12 in the even rows");

        List<Check> rounding = new BackendSelfTest(QUICK).run(new SelfTestTargets("test backend",
                ReferenceBackend::new, ReferenceBackend::new, () -> new RoundedInputs(10), () -> new RoundedInputs(7)),
                c -> { });
        assertTrue(rounding.stream().noneMatch(Check::failed), rounding.stream().filter(Check::failed).toList()
                .toString());
        assertEquals(2, rounding.stream().filter(c -> c.name().startsWith("products round inputs")
                && c.error() == 0).count());
        List<Check> tooFew = new BackendSelfTest(QUICK).run(new SelfTestTargets("test backend",
                ReferenceBackend::new, ReferenceBackend::new, () -> new RoundedInputs(7), null), c -> { });
        assertTrue(tooFew.stream().anyMatch(c -> c.failed() && c.group().equals("tf32")
                && c.name().startsWith("products round")), "BF16 rounding where TF32 is promised keeps too few bits");
    }

    private static SelfTestTargets targets(java.util.function.Supplier<ComputeBackend> open) {
        return new SelfTestTargets("test backend", open, open, null, null);
    }

    /** Bias gradients 1 % too large in one column. */
    private static final class BrokenSumRows extends ForwardingBackend {
        BrokenSumRows(ComputeBackend delegate) {
            super(delegate);
        }

        @Override
        public void sumRows(Tensor gradZ, Tensor gradBias) {
            delegate.sumRows(gradZ, gradBias);
            double[] v = delegate.download(gradBias);
            v[0] *= 1.01;
            delegate.upload(v, gradBias);
        }
    }

    /** The reference with every product input rounded to nearest even at {@code bits} mantissa bits (tensor cores). */
    private static final class RoundedInputs extends ForwardingBackend {
        private final int bits;

        RoundedInputs(int bits) {
            super(new ReferenceBackend());
            this.bits = bits;
        }

        @Override
        public void batchedMatmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor c) {
            delegate.batchedMatmul(rounded(a), transposeA, rounded(b), transposeB, c);
        }

        private Tensor rounded(Tensor t) {
            double[] v = delegate.download(t);
            for (int i = 0; i < v.length; i++) {
                int u = Float.floatToRawIntBits((float) v[i]);
                int drop = 23 - bits;
                u += (1 << (drop - 1)) - 1 + ((u >> drop) & 1);
                v[i] = Float.intBitsToFloat(u & -(1 << drop));
            }
            Tensor r = delegate.allocate(t.models(), t.rows(), t.cols());
            delegate.upload(v, r);
            return r;
        }
    }
}
