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
}
