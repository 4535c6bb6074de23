package dev.scalelab.scaling.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The held-out input shapes of issue 26: valid RFC 4180 CSV, a truncated JSONL tail, a bad --isoflop-width. */
class InputFormatsTest {
    @TempDir
    Path tmp;

    /** Rows of L = 1 + 100·N^-0.5 at N = 10..10^5, one text cell per row. */
    private static String rows(String sep, String quotedNote) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        for (double n = 10; n <= 1e5; n *= 2) {
            double l = 1 + 100 * Math.pow(n, -0.5);
            sb.append(String.format(Locale.ROOT, "%s,%.10g,%s", n, l, quotedNote.replace("#", Integer.toString(i++))))
                    .append(sep);
        }
        return sb.toString();
    }

    private static JsonNode json(CliRunner r) throws Exception {
        assertEquals(0, r.exit(), r.err());
        return new ObjectMapper().readTree(r.out());
    }

    @Test
    void quotedNewlinesQuotesCommasCrlfAndBom() throws Exception {
        Path f = tmp.resolve("quoted.csv");
        String text = "\uFEFFN,loss,\"note, free text\"\r\n" + rows("\r\n", "\"run #\r\nsaid \"\"ok\"\", then, stopped\"");
        Files.writeString(f, text, StandardCharsets.UTF_8);
        JsonNode j = json(CliRunner.run(f.toString(), "--form", "power", "--columns", "N=N,loss=loss",
                "--bootstrap", "0", "--json"));
        assertEquals(14, j.path("data").path("points").asInt());
        assertEquals(1.0, j.path("parameters").path("L_inf").path("value").asDouble(), 1e-6);
        assertEquals(0.5, j.path("parameters").path("alpha").path("value").asDouble(), 1e-6);
    }

    @Test
    void unterminatedQuoteIsOneLineError() throws Exception {
        Path f = tmp.resolve("bad.csv");
        Files.writeString(f, "N,loss,note\n10,2.0,\"open\n20,1.5,x\n");
        CliRunner r = CliRunner.run(f.toString(), "--form", "power", "--columns", "N=N,loss=loss");
        assertEquals(2, r.exit());
        String err = r.err().strip();
        assertTrue(err.startsWith("error: ") && err.contains("bad.csv") && err.contains("not valid CSV"), err);
        assertFalse(err.contains("\n") || err.contains("Exception"), err);
    }

    @Test
    void truncatedLastJsonlLineIsSkippedAndCounted() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (double n = 10; n <= 1e5; n *= 2) {
            sb.append(String.format(Locale.ROOT, "{\"N\": %s, \"loss\": %.10g}%n", n, 1 + 100 * Math.pow(n, -0.5)));
        }
        sb.append("{\"N\": 2e5, \"lo");
        Path f = tmp.resolve("cut.jsonl");
        Files.writeString(f, sb.toString());
        JsonNode j = json(CliRunner.run(f.toString(), "--form", "power", "--columns", "N=N,loss=loss",
                "--bootstrap", "0", "--json"));
        assertEquals(14, j.path("data").path("points").asInt());
        assertEquals(1, j.path("data").path("notes").path("tables with a truncated last JSON line (line ignored)")
                .asInt(), j.path("data").toString());
    }

    @Test
    void badLineBeforeTheLastIsStillAnError() throws Exception {
        Path f = tmp.resolve("mid.jsonl");
        Files.writeString(f, "{\"N\": 10, \"loss\": 3}\n{\"N\": 20, \"lo\n{\"N\": 40, \"loss\": 2}\n");
        CliRunner r = CliRunner.run(f.toString(), "--form", "power", "--columns", "N=N,loss=loss");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("mid.jsonl, row 2: not valid JSON"), r.err());
    }

    @Test
    void isoflopWidthMustBePositive() throws Exception {
        Path f = tmp.resolve("t.csv");
        Files.writeString(f, "N,loss\n" + rows("\n", "").replace(",\n", "\n"));
        for (String w : new String[] {"0", "-1", "NaN"}) {
            CliRunner r = CliRunner.run(f.toString(), "--form", "power", "--columns", "N=N,loss=loss",
                    "--isoflop-width", w);
            assertEquals(2, r.exit(), w + ": " + r.out());
            String err = r.err().strip();
            assertTrue(err.startsWith("error: --isoflop-width must be a positive number"), err);
            assertFalse(err.contains("\n"), err);
            assertTrue(r.out().isEmpty());
        }
    }
}
