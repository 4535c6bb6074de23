package dev.scalelab.engine.selftest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.core.spec.Activation;
import dev.scalelab.core.spec.LossKind;
import dev.scalelab.engine.compute.Precision;
import dev.scalelab.engine.cpu.CpuFusedSetting;
import dev.scalelab.engine.nd4j.Nd4jBackend;
import dev.scalelab.engine.reference.ReferenceBackend;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The CPU backend with its fused kernels and one-pass optimizer ({@code $SCALELAB_CPU_FUSED=1}) through the same
 * self-test as a GPU ({@code doctor --gpu-test}): every primitive and the 24 activation × loss × optimizer training
 * runs with masked weights against the FP64 {@link ReferenceBackend} (FP32 tolerances of {@link Tolerances}), K
 * batched = one by one. Then the same 24 runs in FP64 to 1e-9 of the reference, and fused = ND4J's primitives in
 * FP32 within the FP32 training tolerance, and two fused runs bit for bit equal.
 */
class CpuFusedSelfTestTest {
    private static final SelfTestSettings QUICK = new SelfTestSettings(40, 8, 20);

    @Test
    void theFusedCpuBackendPassesTheSelfTest() {
        List<Check> checks = new BackendSelfTest(QUICK).run(new SelfTestTargets("cpu fused",
                () -> new Nd4jBackend(Precision.FP32, CpuFusedSetting.ON), null, null, null), c -> { });
        List<Check> failed = checks.stream().filter(Check::failed).toList();
        assertTrue(failed.isEmpty(), "failed: " + failed);
        assertEquals(24, checks.stream().filter(c -> c.group().equals("training") && c.status() == Check.Status.PASS).count(),
                "every activation × loss × optimizer, masked: " + checks);
    }

    @Test
    void fp64TrainingEqualsTheReferenceAndFusedEqualsUnfusedInFp32() {
        ReferenceBackend reference = new ReferenceBackend();
        try (Nd4jBackend fused64 = new Nd4jBackend(Precision.FP64, CpuFusedSetting.ON);
             Nd4jBackend fused32 = new Nd4jBackend(Precision.FP32, CpuFusedSetting.ON);
             Nd4jBackend plain32 = new Nd4jBackend(Precision.FP32, CpuFusedSetting.OFF)) {
            for (Activation act : Activation.values()) {
                for (LossKind loss : LossKind.values()) {
                    for (boolean adam : new boolean[] {true, false}) {
                        TrainingJob job = new TrainingJob(act, loss, adam, true, 4, 30);
                        TrainingJob.Result want = job.run(reference);
                        TrainingJob.Result got = job.run(fused64);
                        double lossError = Agreement.elementwise(got.flatLosses(), want.flatLosses(),
                                Tolerances.LOSS_FLOOR);
                        assertTrue(lossError <= 1e-9, job.describe() + ": FP64 losses off by " + lossError);
                        double paramError = Agreement.elementwise(got.parameters(), want.parameters(), 1e-3);
                        assertTrue(paramError <= 1e-9, job.describe() + ": FP64 parameters off by " + paramError);

                        TrainingJob.Result fused = job.run(fused32);
                        double unfused = Agreement.elementwise(fused.flatLosses(), job.run(plain32).flatLosses(),
                                Tolerances.LOSS_FLOOR);
                        assertTrue(unfused <= Tolerances.FP32_TRAINING, job.describe() + ": fused vs ND4J " + unfused);
                        assertArrayEquals(fused.flatLosses(), job.run(fused32).flatLosses(), 0.0,
                                job.describe() + ": a second run gives the same bits");
                    }
                }
            }
        }
    }
}
