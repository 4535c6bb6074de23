package dev.scalelab.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class InvocationTest {
    private static final List<String> ARGS = List.of("sweep", "run", "configs/a b.yaml", "-o", "train.lr=0.1,0.01",
            "--out", "it's", "", "$HOME", "a*b", "x;y");

    @Test
    void plainArgumentsStayPlainAndOthersAreQuoted() {
        assertEquals("./scalelab sweep run 'configs/a b.yaml' -o train.lr=0.1,0.01 --out 'it'\\''s' '' '$HOME' "
                + "'a*b' 'x;y'", Invocation.text("./scalelab", ARGS));
    }

    /** The recorded line, given back to a POSIX shell, yields exactly the arguments. */
    @Test
    void aShellReadsTheLineBackIntoTheSameArguments() throws Exception {
        Path sh = Path.of("/bin/sh");
        Assumptions.assumeTrue(Files.isExecutable(sh), "no /bin/sh");
        String line = Invocation.text("printf", List.of("%s\\n")) + " "
                + String.join(" ", ARGS.stream().map(Invocation::quote).toList());
        Process p = new ProcessBuilder(sh.toString(), "-c", line).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        assertEquals(String.join("\n", ARGS) + "\n", out);
    }
}
