package dev.scalelab.engine.cuda;

import dev.scalelab.engine.compute.Precision;
import dev.scalelab.engine.compute.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Run by {@link Bf16FakeDriverTest} in a child JVM on the fake CUDA library: the BF16 mode's kernels against
 * {@link Bf16Reference} bit for bit, its fused optimizer update against the unfused one, and training in it
 * ({@link Bf16Checks}). Exits non-zero on the first failure.
 */
public final class Bf16Main {
    private Bf16Main() {
    }

    public static void main(String[] args) {
        int steps = Integer.parseInt(args.length > 0 ? args[0] : "30");
        try (CudaBackend bf16 = new CudaBackend(Precision.FP32, GemmMode.BF16, false)) {
            roundingEqualsReference(bf16);
            Bf16Checks.fusedUpdateEqualsUnfused(bf16);
            System.out.println("ok: the optimizer update fused with the cast equals the update, then the cast");
        }
        try (CudaBackend graphs = new CudaBackend(Precision.FP32, GemmMode.BF16, true);
             CudaBackend eager = new CudaBackend(Precision.FP32, GemmMode.BF16, false);
             CudaBackend fp32 = new CudaBackend(Precision.FP32, GemmMode.FP32, false, -1, false)) {
            // FP32 without the fused small-MLP kernels: its products go through cuBLAS, like the BF16 mode's.
            Bf16Checks.training(graphs, eager, fp32, steps);
        }
        System.out.println("bf16 checks passed");
    }

    /** sl_round_bf16 on special values, every kind of tie and 200,000 random bit patterns. */
    static void roundingEqualsReference(CudaBackend bf16) {
        List<Integer> bits = new ArrayList<>(List.of(
                0x00000000, 0x80000000, // ±0
                0x00000001, 0x80000001, 0x00007fff, 0x00008000, 0x00008001, 0x00018000, 0x007fffff, 0x807fffff,
                0x007f8000, 0x007fc000, // subnormals: below, at and above ties, rounding up into the normals
                0x00800000, 0x3f800000, 0x3f808000, 0x3f818000, 0x3f808001, 0x3f80ffff, 0xbf808000, 0xbf818000,
                0x7f7f7fff, 0x7f7f8000, 0x7f7fffff, 0xff7f8000, 0x7f7effff, 0x7f7e8000, // largest finite, overflow
                0x7f800000, 0xff800000, // ±inf
                0x7fc00000, 0xffc00000, 0x7fc00001, 0x7f800001, 0xff800001, 0x7fffffff)); // NaNs, quiet and not
        Random random = new Random(20261130);
        for (int i = 0; i < 100_000; i++) {
            bits.add(random.nextInt());
            bits.add((random.nextInt() & 0xffff0000) | 0x8000); // a tie
        }
        float[] x = new float[bits.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = Float.intBitsToFloat(bits.get(i));
        }
        Tensor t = bf16.allocate(1, 1, x.length);
        bf16.upload(x, t);
        bf16.bf16().operand((CudaTensor) t);
        short[] got = bf16.bf16().read((CudaTensor) t);
        for (int i = 0; i < x.length; i++) {
            short want = Bf16Reference.round(x[i]);
            if (got[i] != want) {
                throw new AssertionError(String.format("bf16(0x%08x) = 0x%04x, reference 0x%04x", bits.get(i),
                        got[i] & 0xffff, want & 0xffff));
            }
        }
        // An upload into a tensor that has a copy rounds it at once.
        float[] y = new float[x.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = -x[x.length - 1 - i];
        }
        bf16.upload(y, t);
        short[] again = bf16.bf16().read((CudaTensor) t);
        for (int i = 0; i < y.length; i++) {
            if (again[i] != Bf16Reference.round(y[i])) {
                throw new AssertionError("an upload left the copy stale at " + i);
            }
        }
        System.out.println("ok: sl_round_bf16 equals round-to-nearest-even bit for bit on " + x.length
                + " values (zeros, subnormals, ties, overflow, infinities, NaNs, random)");
    }
}
