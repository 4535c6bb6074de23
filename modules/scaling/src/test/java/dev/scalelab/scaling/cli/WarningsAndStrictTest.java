package dev.scalelab.scaling.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Warnings: one {@code warning:} line each on stderr, the same list in the JSON, and exit 1 under --strict. */
class WarningsAndStrictTest {
    @TempDir
    Path tmp;

    private Path table(boolean floor) throws Exception {
        StringBuilder sb = new StringBuilder("N,loss\n");
        for (double n = 10; n <= 1e5; n *= 1.5) {
            double noise = 1 + 0.002 * Math.sin(7 * n);
            sb.append(String.format(Locale.ROOT, "%s,%.10g%n", n, ((floor ? 1 : 0) + 100 * Math.pow(n, -0.5)) * noise));
        }
        Path f = tmp.resolve(floor ? "floor.csv" : "nofloor.csv");
        Files.writeString(f, sb.toString());
        return f;
    }

    /** The largest N the tables hold. */
    private static double maxN() {
        double m = 0;
        for (double n = 10; n <= 1e5; n *= 1.5) {
            m = n;
        }
        return m;
    }

    private static List<String> warningLines(String err) {
        return Arrays.stream(err.split("\n")).filter(l -> l.startsWith("warning: ")).toList();
    }

    @Test
    void degenerateFitWarnsAndStrictExitsOne() throws Exception {
        Path f = table(false);
        CliRunner plain = CliRunner.run(f.toString(), "--form", "power", "--columns", "N=N,loss=loss",
                "--bootstrap", "50", "--json");
        assertEquals(0, plain.exit(), plain.err());
        JsonNode j = new ObjectMapper().readTree(plain.out());
        JsonNode ws = j.path("diagnostics").path("warnings");
        assertTrue(ws.size() >= 1, j.path("diagnostics").toString());
        assertEquals(ws.size(), warningLines(plain.err()).size(), plain.err());
        assertTrue(ws.get(0).asText().startsWith("L_inf = "), ws.toString());
        CliRunner strict = CliRunner.run(f.toString(), "--form", "power", "--columns", "N=N,loss=loss",
                "--bootstrap", "50", "--strict");
        assertEquals(1, strict.exit(), strict.err());
        assertTrue(strict.out().contains("warnings    " + ws.size()), strict.out());
        // the bootstrap interval that reaches the bound says so under the parameters
        assertTrue(strict.out().contains("  at bound  L_inf: "), strict.out());
        assertTrue(j.path("diagnostics").path("bootstrap_at_bound").get(0).asText().startsWith("L_inf: "),
                j.path("diagnostics").toString());
    }

    @Test
    void wellPosedFitHasNoWarningAndStrictExitsZero() throws Exception {
        Path f = table(true);
        CliRunner r = CliRunner.run(f.toString(), "--form", "power", "--columns", "N=N,loss=loss",
                "--bootstrap", "50", "--strict", "--predict", "N=2e5");
        assertEquals(0, r.exit(), r.err());
        assertTrue(warningLines(r.err()).isEmpty(), r.err());
        assertTrue(r.out().contains("converged   yes"), r.out());
        assertTrue(r.out().contains(String.format(Locale.ROOT, "%.1f decades beyond the data",
                Math.log10(2e5 / maxN()))), r.out());
    }

    @Test
    void farPredictionWarnsOnce() throws Exception {
        Path f = table(true);
        CliRunner r = CliRunner.run(f.toString(), "--form", "power", "--columns", "N=N,loss=loss",
                "--bootstrap", "50", "--predict", "N=1e9", "--json");
        assertEquals(0, r.exit(), r.err());
        List<String> w = warningLines(r.err());
        assertEquals(1, w.size(), r.err());
        double decades = Math.log10(1e9 / maxN());
        assertTrue(w.get(0).contains(String.format(Locale.ROOT, "extrapolates %.1f decades beyond the data",
                decades)), w.get(0));
        JsonNode p = new ObjectMapper().readTree(r.out()).path("predictions").get(0);
        assertEquals(decades, p.path("decades_beyond_data").asDouble(), 1e-9);
        assertTrue(p.path("values").path("L").path("lo").asDouble()
                < p.path("bootstrap_values").path("L").path("lo").asDouble());
    }
}
