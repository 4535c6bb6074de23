package dev.scalelab.scaling.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads the committed example sweep (src/test/resources/example-sweep, written per docs/run-logs.md): nine
 * finished runs on three IsoFLOP budgets of L = 1.69 + 406.4·N^-0.34 + 410.7·D^-0.28 (no noise), one diverged run,
 * one run with no test loss (falls back to final_train_loss), one incomplete run directory, and one metrics.jsonl
 * with a truncated last line.
 */
class GoldenSweepTest {
    static Path sweep() throws Exception {
        return Paths.get(GoldenSweepTest.class.getResource("/example-sweep/sweep.json").toURI()).getParent();
    }

    @Test
    void fitsTheExampleSweepAndAccountsForEveryRow(@TempDir Path tmp) throws Exception {
        CliRunner r = CliRunner.run(sweep().toString(), "--form", "chinchilla", "--json", "--bootstrap", "20",
                "--predict", "C=1e21", "--plot", tmp.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        JsonNode data = j.get("data");
        assertEquals(11, data.get("rows_read").asInt());
        assertEquals(10, data.get("points").asInt());
        assertEquals(1, data.get("excluded").get("status=diverged").asInt());
        assertEquals(1, data.get("excluded_total").asInt());
        assertEquals(1, data.get("notes").get("incomplete run directories (no summary.json), not rows").asInt());
        assertEquals(1, data.get("notes").get("metrics.jsonl with a truncated last line (line ignored)").asInt());
        assertEquals(1, data.get("notes").get("loss taken from final_train_loss (final_test_loss empty)").asInt());
        JsonNode p = j.get("parameters");
        assertEquals(0.34, p.get("alpha").get("value").asDouble(), 1e-5);
        assertEquals(0.28, p.get("beta").get("value").asDouble(), 1e-5);
        assertEquals(1.69, p.get("E").get("value").asDouble(), 1e-5);
        assertEquals(406.4, p.get("A").get("value").asDouble(), 0.05);
        assertEquals(410.7, p.get("B").get("value").asDouble(), 0.05);
        assertEquals(4500, j.get("optimizer").get("starts").asInt());
        assertTrue(j.get("optimizer").get("reached_best").asInt() > 0);
        double a = 0.28 / 0.62;
        assertEquals(a, j.get("derived").get("a").get("value").asDouble(), 1e-5);
        double g = Math.pow(0.34 * 406.4 / (0.28 * 410.7), 1 / 0.62);
        assertEquals(g, j.get("derived").get("G").get("value").asDouble(), 1e-4 * g);
        double nOpt = g * Math.pow(1e21 / 6, a);
        JsonNode pred = j.get("predictions").get(0).get("values");
        assertEquals(nOpt, pred.get("N_opt").get("value").asDouble(), 1e-4 * nOpt);
        assertEquals("ok", j.get("approach2").get("status").asText());
        assertEquals(3, j.get("approach2").get("points").size());
        assertEquals(a, j.get("approach2").get("n_opt_fit").get("exponent").asDouble(), 0.01);
        assertEquals("ok", j.get("approach1").get("status").asText());
        for (String f : new String[] {"fit", "frontier-N", "frontier-D", "residuals"}) {
            BufferedImage img = ImageIO.read(tmp.resolve(f + ".png").toFile());
            assertTrue(img.getWidth() > 500 && img.getHeight() > 300, f);
            assertTrue(Files.readString(tmp.resolve(f + ".svg")).contains("<svg"), f);
        }
    }

    @Test
    void tableOutputNamesExclusionsAndSkippedApproaches() throws Exception {
        CliRunner r = CliRunner.run(sweep().toString(), "--form", "power", "--x", "N", "--bootstrap", "0",
                "--where", "N>=40000", "--drop-highest", "1");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("status=diverged"), r.out());
        assertTrue(r.out().contains("where N>=40000"), r.out());
        assertTrue(r.out().contains("drop-highest 1"), r.out());
        assertTrue(r.out().contains("reached the best optimum"), r.out());
    }
}
