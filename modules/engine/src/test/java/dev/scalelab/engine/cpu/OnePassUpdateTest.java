package dev.scalelab.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.core.UserInputException;
import dev.scalelab.core.util.Rng;
import dev.scalelab.engine.compute.Tensor;
import dev.scalelab.engine.reference.ReferenceBackend;
import org.junit.jupiter.api.Test;

/**
 * The one-pass optimizer steps and mask against {@link ReferenceBackend}'s (torch.optim rules), over several
 * chunks and models: FP64 bit for bit, FP32 to 1e-6 of the array's largest value (FP32 inputs and arithmetic); rates per element and per model; a frozen model
 * (rate 0) keeps its parameters exactly even with NaN gradients, while its moments update; and the setting's
 * parsing.
 */
class OnePassUpdateTest {
    private static final int MODELS = 5;
    private static final int PER_MODEL = 2_000; // 10,000 elements: three chunks, the last partial

    private static double[] draw(long seed, int n, double scale) {
        Rng rng = new Rng(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.normal() * scale;
        }
        return v;
    }

    private static Tensor tensor(ReferenceBackend r, double[] values, int models) {
        Tensor t = r.allocate(models, 1, values.length / models);
        r.upload(values, t);
        return t;
    }

    @Test
    void adamAndSgdEqualTheReferenceWithPerModelAndPerElementRates() {
        for (boolean perElement : new boolean[] {false, true}) {
            for (boolean fp64 : new boolean[] {true, false}) {
                for (String rule : new String[] {"adam", "sgd", "sgd-momentum"}) {
                    check(rule, perElement, fp64);
                }
            }
        }
    }

    private static void check(String rule, boolean perElement, boolean fp64) {
        int n = MODELS * PER_MODEL;
        double[] p = draw(1, n, 1);
        double[] g = draw(2, n, 0.1);
        double[] m = draw(3, n, 0.01);
        double[] v = draw(4, n, 0.01);
        for (int i = 0; i < n; i++) {
            v[i] = v[i] * v[i];
        }
        double[] modelRates = {0.01, 0.0, 0.003, 0.02, 0.001};
        // Model 1 is frozen and its gradients are NaN: its parameters must stay as they are.
        for (int i = PER_MODEL; i < 2 * PER_MODEL; i++) {
            g[i] = Double.NaN;
        }
        double[] rates = modelRates;
        if (perElement) {
            rates = new double[n];
            for (int i = 0; i < n; i++) {
                rates[i] = modelRates[i / PER_MODEL] * (1 + (i % 7) / 10.0);
            }
        }
        ReferenceBackend ref = new ReferenceBackend();
        Tensor rp = tensor(ref, p, MODELS);
        Tensor rm = tensor(ref, m, MODELS);
        Tensor rv = tensor(ref, v, MODELS);
        Tensor rr = perElement ? tensor(ref, rates, MODELS) : tensor(ref, rates, MODELS);
        ArrayMemory hp = ArrayMemory.of(p, fp64);
        ArrayMemory hm = ArrayMemory.of(m, fp64);
        ArrayMemory hv = ArrayMemory.of(v, fp64);
        OnePassUpdate.Rates hr = new OnePassUpdate.Rates(ArrayMemory.of(rates, fp64), rates.length,
                perElement ? 1 : PER_MODEL);
        for (long t = 1; t <= 3; t++) {
            switch (rule) {
                case "adam" -> {
                    ref.adamStep(rp, tensor(ref, g, MODELS), rm, rv, rr, 0.9, 0.999, 1e-8, t);
                    OnePassUpdate.adam(fp64, n, hp, ArrayMemory.of(g, fp64), hm, hv, hr, 0.9, 0.999, 1e-8, t);
                }
                case "sgd" -> {
                    ref.sgdStep(rp, tensor(ref, g, MODELS), null, rr, 0);
                    OnePassUpdate.sgd(fp64, n, hp, ArrayMemory.of(g, fp64), null, hr, 0);
                }
                default -> {
                    ref.sgdStep(rp, tensor(ref, g, MODELS), rm, rr, 0.9);
                    OnePassUpdate.sgd(fp64, n, hp, ArrayMemory.of(g, fp64), hm, hr, 0.9);
                }
            }
        }
        double[] want = ref.download(rp);
        double[] got = hp.values();
        String what = rule + (perElement ? ", rates per element" : ", rates per model") + (fp64 ? ", FP64" : ", FP32");
        for (int i = 0; i < n; i++) {
            if (i / PER_MODEL == 1) {
                assertEquals(fp64 ? p[i] : (float) p[i], got[i], 0.0, what + ": frozen parameter " + i + " moved");
                continue;
            }
            assertEquals(want[i], got[i], fp64 ? 0.0 : 1e-6 * largest(want), what + ", element " + i);
        }
        if (!rule.equals("sgd")) {
            double[] wantM = ref.download(rm);
            double[] gotM = hm.values();
            for (int i = 0; i < n; i++) {
                if (Double.isNaN(wantM[i])) {
                    assertTrue(Double.isNaN(gotM[i]), what + ": the frozen model's moments still update");
                } else {
                    assertEquals(wantM[i], gotM[i], fp64 ? 0.0 : 1e-6 * largest(wantM), what + ", moment " + i);
                }
            }
        }
    }

    private static double largest(double[] values) {
        double max = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                max = Math.max(max, Math.abs(v));
            }
        }
        return max;
    }

    @Test
    void maskZeroesExactlyTheMaskedWeights() {
        int n = 9_000;
        double[] p = draw(5, n, 1);
        double[] mask = new double[n];
        for (int i = 0; i < n; i++) {
            mask[i] = i % 3 == 0 ? 0 : 1;
        }
        for (boolean fp64 : new boolean[] {true, false}) {
            ArrayMemory hp = ArrayMemory.of(p, fp64);
            OnePassUpdate.mask(fp64, n, hp, ArrayMemory.of(mask, fp64));
            double[] got = hp.values();
            for (int i = 0; i < n; i++) {
                assertEquals(mask[i] == 0 ? 0.0 : fp64 ? p[i] : (float) p[i], got[i], 0.0, "element " + i);
            }
        }
    }

    @Test
    void theSettingIsUnsetZeroOrOneAndAnythingElseIsOneLineNamingTheVariable() {
        assertEquals(CpuFusedSetting.AUTO, CpuFusedSetting.parse(null));
        assertEquals(CpuFusedSetting.AUTO, CpuFusedSetting.parse(" "));
        assertEquals(CpuFusedSetting.ON, CpuFusedSetting.parse("1"));
        assertEquals(CpuFusedSetting.OFF, CpuFusedSetting.parse("0"));
        UserInputException e = assertThrows(UserInputException.class, () -> CpuFusedSetting.parse("yes"));
        assertEquals("$SCALELAB_CPU_FUSED (1 or 0: force the fused small-MLP CPU path on or off) must be one "
                + "of 0, 1, got 'yes'", e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
    }
}
