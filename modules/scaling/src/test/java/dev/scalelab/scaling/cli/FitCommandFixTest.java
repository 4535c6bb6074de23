package dev.scalelab.scaling.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scalelab.scaling.Synthetic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fit --fix NAME=VALUE}: the study's L = A·N^-α with L∞ held at 0 (issue 24). */
class FitCommandFixTest {
    @TempDir
    Path tmp;

    /** 40 points of L = 3·N^-0.4 with 1% multiplicative log-normal noise, N log-uniform in 10^4..10^8. */
    private Path noisyPowerLaw() throws Exception {
        SplittableRandom r = new SplittableRandom(24);
        StringBuilder sb = new StringBuilder("N,loss\n");
        for (int i = 0; i < 40; i++) {
            double n = Synthetic.logUniform(r, 1e4, 1e8);
            sb.append(String.format(Locale.ROOT, "%.10g,%.10g%n", n, 3 * Math.pow(n, -0.4)
                    * Math.exp(0.01 * Synthetic.gaussian(r))));
        }
        Path f = tmp.resolve("teacher.csv");
        Files.writeString(f, sb.toString());
        return f;
    }

    private static CliRunner fit(Path f, String... more) {
        String[] base = {f.toString(), "--form", "power", "--columns", "N=N,loss=loss", "--threads", "2"};
        String[] args = new String[base.length + more.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return CliRunner.run(args);
    }

    private static JsonNode json(CliRunner r) throws Exception {
        assertEquals(0, r.exit(), r.err());
        return new ObjectMapper().readTree(r.out());
    }

    private static void assertOneLineError(CliRunner r, String... parts) {
        assertEquals(2, r.exit(), r.out() + r.err());
        String err = r.err().strip();
        assertTrue(err.startsWith("error: "), err);
        assertFalse(err.contains("\n") || err.contains("Exception"), "one line, no stack trace: " + err);
        for (String p : parts) {
            assertTrue(err.contains(p), "expected '" + p + "' in: " + err);
        }
    }

    @Test
    void powerFitWithLinfFixedAtZeroRecoversAlpha() throws Exception {
        JsonNode j = json(fit(noisyPowerLaw(), "--fix", "L_inf=0", "--bootstrap", "200", "--seed", "7", "--json"));
        JsonNode alpha = j.path("parameters").path("alpha");
        // 40 points at 1% noise over 4 decades: the standard error of alpha is ~0.0005; 0.005 is ten of them
        assertEquals(0.4, alpha.path("value").asDouble(), 0.005);
        assertTrue(alpha.path("lo").asDouble() <= 0.4 && 0.4 <= alpha.path("hi").asDouble(),
                "the 95% interval covers the truth: " + alpha);
        assertEquals(3.0, j.path("parameters").path("A").path("value").asDouble(), 0.15, "A within 5%");
        assertTrue(j.path("optimizer").path("theta").path(2).isNull(), "e = log 0 is written null");
    }

    @Test
    void fixedParameterIsMarkedFixedInJsonAndTable() throws Exception {
        Path f = noisyPowerLaw();
        JsonNode j = json(fit(f, "--fix", "linf=0", "--bootstrap", "20", "--json"));
        JsonNode linf = j.path("parameters").path("L_inf");
        assertTrue(linf.path("fixed").asBoolean(), linf.toString());
        assertEquals(0.0, linf.path("value").asDouble());
        assertTrue(linf.path("lo").isNull() && linf.path("hi").isNull(), "no interval: " + linf);
        assertFalse(j.path("parameters").path("alpha").has("fixed"), "alpha is fitted");
        assertEquals(0.0, j.path("settings").path("fixed").path("L_inf").asDouble(-1));
        assertEquals("fixed", j.path("diagnostics").path("identified").path("L_inf").asText());
        assertEquals(0, j.path("diagnostics").path("warnings").size(), j.path("diagnostics").toString());

        CliRunner table = fit(f, "--fix", "L_inf=0", "--bootstrap", "20");
        assertEquals(0, table.exit(), table.err());
        assertTrue(table.out().contains("identified  A, alpha, L_inf fixed\n"), table.out());
        assertTrue(table.out().lines().anyMatch(l -> l.trim().matches("L_inf\\s+0(\\.0+)?\\s+-\\s+-\\s+fixed")), table.out());
    }

    @Test
    void fixingLinfAtZeroIsNoIrreducible() throws Exception {
        Path f = noisyPowerLaw();
        JsonNode fixed = json(fit(f, "--fix", "L_inf=0", "--bootstrap", "50", "--seed", "3", "--json"));
        JsonNode none = json(fit(f, "--no-irreducible", "--bootstrap", "50", "--seed", "3", "--json"));
        assertEquals(none.path("parameters"), fixed.path("parameters"));
        assertEquals(none.path("optimizer").path("theta"), fixed.path("optimizer").path("theta"));
        assertEquals(none.path("optimizer").path("objective"), fixed.path("optimizer").path("objective"));
        assertFalse(none.path("settings").path("irreducible").asBoolean(true));
    }

    @Test
    void twoParametersFixedCommaSeparated() throws Exception {
        JsonNode j = json(fit(noisyPowerLaw(), "--fix", "L_inf=0,ALPHA=0.4", "--bootstrap", "0", "--json"));
        assertEquals(0.4, j.path("parameters").path("alpha").path("value").asDouble());
        assertTrue(j.path("parameters").path("alpha").path("fixed").asBoolean());
        assertEquals(3.0, j.path("parameters").path("A").path("value").asDouble(), 0.05, "only A fitted");
    }

    @Test
    void unknownParameterIsRefused() throws Exception {
        assertOneLineError(fit(noisyPowerLaw(), "--fix", "beta=0.5"), "--fix beta=0.5", "'beta'",
                "A, alpha, L_inf");
    }

    @Test
    void fixingEveryParameterIsRefused() throws Exception {
        assertOneLineError(fit(noisyPowerLaw(), "--fix", "A=3", "--fix", "alpha=0.4", "--fix", "L_inf=0"),
                "--fix", "every parameter");
    }

    @Test
    void valuesOutsideTheDomainAreRefused() throws Exception {
        Path f = noisyPowerLaw();
        assertOneLineError(fit(f, "--fix", "A=0"), "--fix A=0", "A must be a positive number");
        assertOneLineError(fit(f, "--fix", "L_inf=-1"), "--fix L_inf=-1", "L_inf must be a number >= 0");
        assertOneLineError(fit(f, "--fix", "alpha=x"), "--fix alpha=x", "not a finite number");
        assertOneLineError(fit(f, "--fix", "alpha"), "--fix", "NAME=VALUE");
        assertOneLineError(fit(f, "--fix", "alpha=1", "--fix", "Alpha=2"), "--fix Alpha=2", "already fixed");
        assertOneLineError(fit(f, "--no-irreducible", "--fix", "L_inf=1"), "--fix L_inf=1", "--no-irreducible");
    }

    @Test
    void noIrreducibleBelongsToThePowerForm() throws Exception {
        Path f = tmp.resolve("nd.csv");
        Files.writeString(f, "N,D,loss\n1e6,1e8,3\n1e7,1e9,2.5\n");
        CliRunner r = CliRunner.run(f.toString(), "--form", "chinchilla", "--columns", "N=N,D=D,loss=loss",
                "--no-irreducible");
        assertOneLineError(r, "--no-irreducible", "--fix E=0");
    }
}
