package dev.scalelab.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.engine.compute.Precision;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The kernel table: names, instances, and the check every launch's packing passes. */
class KernelTableTest {
    @Test
    void instancesAreNamedByPrecisionAndOnlyThoseThatExist() {
        assertEquals("sl_adam_f32", Kernel.ADAM.symbol(Precision.FP32));
        assertEquals("sl_adam_f64", Kernel.ADAM.symbol(Precision.FP64));
        assertEquals(List.of(Precision.FP64), Kernel.LEAST_SQUARES.precisions());
        assertThrows(IllegalStateException.class, () -> Kernel.ROUND_BF16.symbol(Precision.FP64));
        assertEquals(List.of("sl_stop_clock_f32", "sl_stop_clock_f64", "sl_stop_rule_f32", "sl_stop_rule_f64",
                "sl_freeze_stopped_f32", "sl_freeze_stopped_f64"), Kernel.symbols("stopping.cu"));
        assertEquals(List.of("elementwise.cu", "reductions.cu", "least_squares.cu", "fused_mlp.cu", "stopping.cu"),
                Kernel.sources());
    }

    @Test
    void aPackingThatDoesNotMatchTheTableIsRefusedNamingTheKernel() {
        KernelArgs args = new KernelArgs(Precision.FP32);
        Kernel.STOP_CLOCK.check(args.start().raw(0).i32(3));
        IllegalStateException few = assertThrows(IllegalStateException.class,
                () -> Kernel.STOP_CLOCK.check(args.start().raw(0)));
        assertEquals("sl_stop_clock takes 2 arguments, 1 were packed", few.getMessage());
        IllegalStateException kind = assertThrows(IllegalStateException.class,
                () -> Kernel.STOP_CLOCK.check(args.start().raw(0).i64(3)));
        assertEquals("sl_stop_clock argument 1 (int) was packed as I64", kind.getMessage());
    }

    @Test
    void theFakeLibrarysRegistrationsComeFromTheTable() {
        String text = FakeKernels.text();
        assertTrue(text.contains("extern \"C\" void sl_least_squares_f64(double*, double*, double*, int*, int*, "
                + "double*, int, int, int);"), text);
        assertTrue(text.contains("kernels.push_back({\"sl_mse_f32\", 6, true, [](void** params) { sl_mse_f32("
                + "P(const float*, 0), P(const float*, 1), P(float*, 2), P(double*, 3), P(int, 4), P(int, 5)); }});"),
                text);
        int instances = Kernel.values().length * 2 - 2; // ROUND_BF16 is FP32 only, LEAST_SQUARES FP64 only
        assertEquals(instances, text.split("kernels.push_back", -1).length - 1);
    }
}
