package dev.scalelab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MemorizeCommandTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "--n, 0, --n",
        "--n, -5, --n",
        "--d, 0, --d",
        "--activation, swish, --activation",
        "--widths, 0, --widths",
        "--widths, 1000000, --widths",
        "--seeds, 0, --seeds",
        "--n, abc, --n",
        "--backend, tpu, --backend",
    })
    void badInputIsOneLineNamingTheFlagWithExitCode2(String flag, String value, String named, @TempDir Path dir) {
        CliRun r = CliRun.of("memorize", flag, value, "--plot", dir.toString());
        assertEquals(2, r.code(), r.err());
        String firstLine = r.err().lines().findFirst().orElse("");
        assertTrue(firstLine.startsWith("error: ") && firstLine.contains(named), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void jsonReportsTrainedCapacityCertificateAndPlot(@TempDir Path dir) throws Exception {
        CliRun r = CliRun.of("memorize", "--n", "20", "--d", "4", "--widths", "2,30", "--seeds", "2", "--steps", "300",
                "--plot", dir.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertEquals(20, doc.get("n").asInt());
        JsonNode widths = doc.get("widths");
        assertEquals(2, widths.size());
        JsonNode narrow = widths.get(0);
        JsonNode wide = widths.get(1);
        assertEquals(2 * (4 + 2) + 1, narrow.get("params").asInt());
        // m = 2 < N = 20 random features cannot interpolate; m = 30 ≥ N interpolates exactly (Theorem 2.1).
        for (JsonNode c : narrow.get("certificates")) {
            assertEquals(2, c.get("rank").asInt());
            assertTrue(c.get("relative_residual").asDouble() > 1e-3);
        }
        for (JsonNode c : wide.get("certificates")) {
            assertEquals(20, c.get("rank").asInt());
            assertTrue(c.get("relative_residual").asDouble() <= 1e-6);
        }
        // How long training and certificates took: per width and in all, as numbers of seconds.
        double training = 0;
        double certificates = 0;
        for (JsonNode w : widths) {
            assertTrue(w.get("training_seconds").isNumber() && w.get("training_seconds").asDouble() >= 0, w.toString());
            assertTrue(w.get("certificate_seconds").isNumber() && w.get("certificate_seconds").asDouble() >= 0);
            training += w.get("training_seconds").asDouble();
            certificates += w.get("certificate_seconds").asDouble();
        }
        assertEquals(training, doc.get("training_seconds").asDouble(), 1e-9);
        assertEquals(certificates, doc.get("certificate_seconds").asDouble(), 1e-9);
        // 13 parameters cannot fit 20 generic points to MSE 1e-4.
        assertEquals(0, narrow.get("successes").asInt());
        assertTrue(Files.size(dir.resolve("memorization.png")) > 1000);
        assertTrue(Files.readString(dir.resolve("memorization.svg")).contains("<svg"));
    }

    @Test
    void tableSaysHowLongTrainingAndCertificatesTook(@TempDir Path dir) {
        CliRun r = CliRun.of("memorize", "--n", "10", "--d", "2", "--widths", "3,12", "--seeds", "2", "--steps", "20",
                "--plot", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.contains("train s") && l.contains("certs s")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("3\\. Time: training \\d+\\.\\d\\d s, certificates "
                + "\\d+\\.\\d\\d s .*")), r.out());
    }
}
