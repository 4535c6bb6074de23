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

/** {@code fit --bootstrap-by=seed}: resample whole seeds, not single points (issue 24). */
class FitCommandBootstrapByTest {
    @TempDir
    Path tmp;

    /**
     * Run summaries as a JSONL table (the config nested as in summary.json, so the column is config.model.seed):
     * three seeds, eight widths each (N = 10^4·2^w), L = 3·N^-0.4·(N/N_m)^-(α_s − 0.4): the seeds' exponents are
     * α_s = 0.38, 0.40, 0.42, their curves crossing at the data's geometric middle N_m; 0.5% noise within a seed.
     */
    private Path threeOffsetSeeds() throws Exception {
        SplittableRandom r = new SplittableRandom(9);
        StringBuilder sb = new StringBuilder();
        for (int seed = 0; seed < 3; seed++) {
            for (int w = 0; w < 8; w++) {
                double n = 1e4 * Math.pow(2, w);
                double tilt = Math.pow(n / (1e4 * Math.pow(2, 3.5)), -0.02 * (seed - 1));
                double loss = 3 * Math.pow(n, -0.4) * tilt * Math.exp(0.005 * Synthetic.gaussian(r));
                sb.append(String.format(Locale.ROOT, "{\"status\": \"done\", \"params\": %.0f, \"final_test_loss\": "
                        + "%.10g, \"config\": {\"model.seed\": %d, \"model.width\": %d}}%n", n, loss, seed, w));
            }
        }
        Path f = tmp.resolve("runs.jsonl");
        Files.writeString(f, sb.toString());
        return f;
    }

    private static JsonNode json(Path f, String... more) throws Exception {
        String[] base = {f.toString(), "--form", "power", "--fix", "L_inf=0", "--bootstrap", "300", "--seed", "5",
            "--threads", "2", "--json"};
        String[] args = new String[base.length + more.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        CliRunner r = CliRunner.run(args);
        assertEquals(0, r.exit(), r.err());
        return new ObjectMapper().readTree(r.out());
    }

    private static double width(JsonNode j, String p) {
        JsonNode e = j.path("parameters").path(p);
        return e.path("hi").asDouble() - e.path("lo").asDouble();
    }

    @Test
    void resamplingSeedsWidensTheIntervalOverResamplingPoints() throws Exception {
        Path f = threeOffsetSeeds();
        // least squares: the textbook bootstrap of a regression (Huber's δ = 1e-3 is nearly L1 at these residuals)
        JsonNode byPoint = json(f, "--least-squares");
        JsonNode bySeed = json(f, "--least-squares", "--bootstrap-by=seed");
        assertEquals("seed", bySeed.path("bootstrap").path("by").asText());
        assertEquals(3, bySeed.path("bootstrap").path("clusters").asInt());
        assertEquals("seed", bySeed.path("settings").path("bootstrap_by").asText());
        assertTrue(byPoint.path("bootstrap").path("by").isMissingNode());
        // the same point estimate: only the resampling differs
        assertEquals(byPoint.path("parameters").path("alpha").path("value"),
                bySeed.path("parameters").path("alpha").path("value"));
        // a seed's points share its exponent: resampled one by one they average the seeds out, as whole seeds not
        assertTrue(width(bySeed, "alpha") > 1.5 * width(byPoint, "alpha"),
                "by seed " + width(bySeed, "alpha") + " vs by point " + width(byPoint, "alpha"));
        // and a resample of whole seeds fits a mix of their curves: alpha within the seeds' 0.38..0.42
        JsonNode alpha = bySeed.path("parameters").path("alpha");
        assertTrue(alpha.path("lo").asDouble() > 0.375 && alpha.path("hi").asDouble() < 0.425, alpha.toString());
    }

    @Test
    void theFullColumnNameWorksToo() throws Exception {
        JsonNode j = json(threeOffsetSeeds(), "--bootstrap-by", "config.model.seed");
        assertEquals(3, j.path("bootstrap").path("clusters").asInt());
    }

    @Test
    void unknownColumnIsOneLineError() throws Exception {
        CliRunner r = CliRunner.run(threeOffsetSeeds().toString(), "--form", "power", "--bootstrap-by=sede");
        assertEquals(2, r.exit(), r.out() + r.err());
        String err = r.err().strip();
        assertTrue(err.startsWith("error: ") && err.contains("runs.jsonl") && err.contains("'sede'")
                && err.contains("--bootstrap-by") && err.contains("not found"), err);
        assertFalse(err.contains("\n") || err.contains("Exception"), err);
    }

    @Test
    void ambiguousSuffixIsOneLineError() throws Exception {
        Path f = tmp.resolve("two.jsonl");
        Files.writeString(f, "{\"params\": 10, \"final_test_loss\": 2, \"config\": {\"model.seed\": 1, \"train.seed\": 2}}\n"
                + "{\"params\": 20, \"final_test_loss\": 1.5, \"config\": {\"model.seed\": 1, \"train.seed\": 2}}\n");
        CliRunner r = CliRunner.run(f.toString(), "--form", "power", "--bootstrap-by=seed");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("ambiguous") && r.err().contains("config.model.seed")
                && r.err().contains("config.train.seed"), r.err());
    }
}
