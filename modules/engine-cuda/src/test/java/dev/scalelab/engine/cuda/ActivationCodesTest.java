package dev.scalelab.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.core.spec.Activation;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Activation codes come from {@link Activation} through the generated {@link KernelPrelude}: every value has a
 * distinct code and a macro, the kernels handle every macro by name (no numeric case labels), NVRTC compiles the
 * prelude with each source, and on the fake CUDA library each activation's forward and backward kernels agree
 * with the reference backend ({@link ActivationCodesMain}).
 */
class ActivationCodesTest {

    @Test
    void everyActivationHasItsOwnCodeInThePrelude() {
        String prelude = KernelPrelude.text();
        Set<Integer> codes = new HashSet<>();
        for (Activation a : Activation.values()) {
            int code = KernelPrelude.activationCode(a);
            assertTrue(prelude.contains("#define " + KernelPrelude.activationMacro(a) + " " + code + "\n"),
                    a + " in:\n" + prelude);
            assertTrue(codes.add(code), a + ": code " + code + " taken twice");
        }
        assertTrue(prelude.contains("#define SL_ACT_COUNT " + Activation.values().length + "\n"), prelude);
    }

    @Test
    void kernelsNameEveryActivationByItsMacro() {
        String source = KernelCompiler.source("elementwise.cu");
        for (String function : List.of("sl_activate", "sl_derivative")) {
            int start = source.indexOf(" " + function + "(int act");
            assertTrue(start > 0, function + " not found");
            String body = source.substring(start, source.indexOf("\n}\n", start));
            for (Activation a : Activation.values()) {
                assertTrue(body.contains("case " + KernelPrelude.activationMacro(a) + ":"), function + " handles " + a);
            }
            assertFalse(Pattern.compile("case\\s+[0-9]").matcher(body).find(), function + " has a numeric case");
        }
    }

    @Test
    void nvrtcCompilesThePreludeWithEachSource() {
        for (String name : KernelCompiler.SOURCES) {
            String source = KernelCompiler.source(name);
            assertTrue(source.startsWith(KernelPrelude.text() + "#line 1 \"" + name + "\"\n"), name);
        }
    }

    @Test
    void everyActivationKernelAgreesWithTheReference() throws Exception {
        Path lib = FakeCudaLibrary.build(Path.of(""), Path.of("target", "fake-cuda").toAbsolutePath());
        Assumptions.assumeTrue(lib != null, "g++ is not on the PATH");
        FakeCudaLibrary.JavaRun run = FakeCudaLibrary.runJava(lib, Map.of("SCALELAB_CACHE",
                Path.of("target", "fake-cuda-activation-cache").toAbsolutePath().toString()),
                ActivationCodesMain.class.getName());
        assertEquals(0, run.exit(), run.output());
        for (Activation a : Activation.values()) {
            assertTrue(run.output().contains("ok: " + a + " "), run.output());
        }
        assertTrue(run.output().contains("activation checks passed"), run.output());
    }
}
