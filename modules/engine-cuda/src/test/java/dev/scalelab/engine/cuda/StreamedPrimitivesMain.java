package dev.scalelab.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.jna.NativeLibrary;
import dev.scalelab.core.task.ReluTeacher;
import dev.scalelab.engine.compute.Precision;
import dev.scalelab.engine.compute.Tensor;
import java.util.List;

/**
 * Run by {@link StreamedPrimitivesTest} in a child JVM on the fake CUDA library: the streamed task's primitives on
 * the CUDA backend, FP32 and FP64. {@code fillUniform} gives exactly {@link ReluTeacher#uniform}'s values (several
 * seeds, offsets past 2³² and near the end of the index range, K > 1, more elements than the grid has threads) and
 * {@code copyToModels} copies model 0 into the listed models only; both run on the device, copying nothing from the
 * host and not waiting for it.
 */
public final class StreamedPrimitivesMain {
    private static final long[] SEEDS = {0, 1, -1, 0x5eed_1234_abcdL, ReluTeacher.streamSeed(5, false),
        ReluTeacher.streamSeed(5, true)};
    private static final long[] FIRSTS = {0, 7, (1L << 32) + 3, 20L * ((1L << 33) + 1), Long.MAX_VALUE - 100};
    /** [K, rows, cols]; the last has more elements than the fake GPU's grid has threads (2 SMs · 32 · 256). */
    private static final List<int[]> SHAPES = List.of(new int[] {1, 3, 5}, new int[] {3, 4, 7},
            new int[] {2, 100, 100});

    private StreamedPrimitivesMain() {
    }

    public static void main(String[] args) {
        NativeLibrary fake = NativeLibrary.getInstance(CudaLibraries.DRIVER_SONAME);
        GraphChecks.DriverCalls calls = call -> fake.getFunction("fake_cuda_count").invokeLong(new Object[] {call});
        for (Precision precision : List.of(Precision.FP32, Precision.FP64)) {
            try (CudaBackend cuda = new CudaBackend(precision, GemmMode.FP32, true)) {
                fillUniformEqualsTheHost(cuda, calls);
                System.out.println("ok: " + precision + " fillUniform equals ReluTeacher.uniform bit for bit");
                copyToModelsCopiesTheListedModels(cuda, calls);
                System.out.println("ok: " + precision + " copyToModels copies model 0 into the listed models only");
            }
        }
        System.out.println("streamed-primitive checks passed");
    }

    private static void fillUniformEqualsTheHost(CudaBackend cuda, GraphChecks.DriverCalls calls) {
        String ran = "ran " + Kernel.FILL_UNIFORM.symbol(cuda.precision());
        for (int[] s : SHAPES) {
            Tensor t = cuda.allocate(s[0], s[1], s[2]);
            for (long seed : SEEDS) {
                for (long first : FIRSTS) {
                    long uploads = calls.count("cuMemcpyHtoDAsync_v2");
                    long waits = calls.count("cuStreamSynchronize");
                    long launches = calls.count(ran);
                    cuda.fillUniform(t, seed, first);
                    assertEquals(uploads, calls.count("cuMemcpyHtoDAsync_v2"), "fillUniform uploads nothing");
                    assertEquals(waits, calls.count("cuStreamSynchronize"), "fillUniform does not wait");
                    assertEquals(launches + 1, calls.count(ran), "one launch");
                    double[] got = cuda.download(t);
                    for (int e = 0; e < got.length; e++) {
                        float want = ReluTeacher.uniform(seed, first + e);
                        if (Double.doubleToRawLongBits(want) != Double.doubleToRawLongBits(got[e])) {
                            throw new AssertionError("seed " + seed + " first " + first + " [" + s[0] + ", " + s[1]
                                    + ", " + s[2] + "] element " + e + ": " + got[e] + ", want " + want);
                        }
                    }
                }
            }
        }
    }

    private static void copyToModelsCopiesTheListedModels(CudaBackend cuda, GraphChecks.DriverCalls calls) {
        int k = 4;
        int rows = 3;
        int cols = 5;
        int n = rows * cols;
        Tensor from = cuda.allocate(1, rows, cols);
        Tensor to = cuda.allocate(k, rows, cols);
        double[] source = new double[n];
        double[] before = new double[k * n];
        for (int i = 0; i < n; i++) {
            source[i] = 0.25 * i - 1;
        }
        for (int i = 0; i < before.length; i++) {
            before[i] = 100 + i;
        }
        cuda.upload(source, from);
        for (int[] models : List.of(new int[] {1, 3}, new int[] {2}, new int[] {}, new int[] {0, 1, 2, 3})) {
            cuda.upload(before, to);
            long uploads = calls.count("cuMemcpyHtoDAsync_v2");
            long downloads = calls.count("cuMemcpyDtoHAsync_v2");
            long waits = calls.count("cuStreamSynchronize");
            long copies = calls.count("cuMemcpyDtoDAsync_v2");
            cuda.copyToModels(from, to, models);
            assertEquals(uploads, calls.count("cuMemcpyHtoDAsync_v2"), "copyToModels uploads nothing");
            assertEquals(downloads, calls.count("cuMemcpyDtoHAsync_v2"), "copyToModels downloads nothing");
            assertEquals(waits, calls.count("cuStreamSynchronize"), "copyToModels does not wait");
            assertEquals(copies + models.length, calls.count("cuMemcpyDtoDAsync_v2"), "one device copy per model");
            double[] want = before.clone();
            for (int m : models) {
                System.arraycopy(source, 0, want, m * n, n);
            }
            assertArrayEquals(want, cuda.download(to), 0.0, "models " + java.util.Arrays.toString(models));
        }
        assertThrows(IllegalArgumentException.class, () -> cuda.copyToModels(from, to, new int[] {4}),
                "a model past K");
        assertThrows(IllegalArgumentException.class, () -> cuda.copyToModels(from, to, new int[] {-1}),
                "a negative model");
        assertThrows(IllegalArgumentException.class, () -> cuda.copyToModels(to, to, new int[] {0}),
                "a source of more than one model");
        assertThrows(IllegalArgumentException.class,
                () -> cuda.copyToModels(cuda.allocate(1, cols, rows), to, new int[] {0}), "another shape");
    }
}
