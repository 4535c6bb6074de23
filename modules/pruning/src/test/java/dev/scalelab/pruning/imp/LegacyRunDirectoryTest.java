package dev.scalelab.pruning.imp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scalelab.core.run.RunLogs;
import dev.scalelab.pruning.cli.PruneCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Golden: IMP directories written by the version before the one config model ({@code golden/imp-v1}, named by
 * the old run id) resume under today's code when the config describes the same experiment, and are left alone
 * when it does not (a default it relied on has changed).
 */
class LegacyRunDirectoryTest {
    private static final String OLD = "golden-e1ebcd462578";
    private static final String OLD_DEFAULTS = "golden-defaults-dbcec318ff2f";

    private static Path golden() throws URISyntaxException {
        return Path.of(LegacyRunDirectoryTest.class.getResource("/golden/imp-v1").toURI());
    }

    private static void copy(Path from, Path to) throws Exception {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }

    private static Map<String, byte[]> files(Path dir) throws Exception {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return out;
    }

    private record Outcome(int code, String out, String err) {
    }

    private static Outcome imp(Path config, Path out) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        CommandLine cli = new CommandLine(new PruneCommand());
        cli.setOut(new PrintWriter(o));
        cli.setErr(new PrintWriter(e));
        int rc = cli.execute("imp", config.toString(), "--out", out.toString(), "--json");
        return new Outcome(rc, o.toString(), e.toString());
    }

    @Test
    void theOldIdsAreReproduced() throws Exception {
        ImpConfig c = ImpConfig.load(golden().resolve("golden-imp.yaml"));
        assertEquals("e1ebcd462578", c.legacy().runId());
        assertNotEquals(c.legacy().runId(), c.runId());
        assertEquals("dbcec318ff2f", ImpConfig.load(golden().resolve("golden-defaults.yaml")).legacy().runId());
    }

    @Test
    void aKilledOldRunResumesInItsOwnDirectory(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        copy(golden().resolve("dirs"), out);
        Path dir = out.resolve(OLD);
        Map<String, byte[]> level0 = files(dir.resolve("level_0"));
        Map<String, byte[]> level1 = files(dir.resolve("level_1"));
        assertFalse(ImpRunner.complete(dir.resolve("level_2")));

        Outcome r = imp(golden().resolve("golden-imp.yaml"), out);
        assertEquals(0, r.code(), r.err());
        List<String> notes = r.err().lines().filter(l -> l.startsWith("resuming ")).toList();
        assertEquals(1, notes.size(), r.err());
        assertTrue(notes.get(0).contains(OLD), notes.get(0));
        assertTrue(r.err().contains("level 0 (complete, skipped)"), r.err());
        assertTrue(r.err().contains("level 1 (complete, skipped)"), r.err());
        JsonNode doc = RunLogs.JSON.readTree(r.out());
        assertEquals(dir.toString(), doc.get("run_dir").asText());
        ImpConfig cfg = ImpConfig.load(golden().resolve("golden-imp.yaml"));
        assertFalse(Files.exists(out.resolve("golden-" + cfg.runId())), "no second directory");

        // Finished levels untouched, byte for byte; the killed level computed again, from the same trained weights.
        assertEquals(level0.keySet(), files(dir.resolve("level_0")).keySet());
        Map<String, byte[]> level0Now = files(dir.resolve("level_0"));
        Map<String, byte[]> level1Now = files(dir.resolve("level_1"));
        level0.forEach((k, v) -> assertArrayEquals(v, level0Now.get(k), k));
        assertEquals(level1.keySet(), level1Now.keySet());
        level1.forEach((k, v) -> assertArrayEquals(v, level1Now.get(k), k));
        assertTrue(ImpRunner.complete(dir.resolve("level_2")));
        assertArrayEquals(Files.readAllBytes(golden().resolve("expected/level_2-masks.bin")),
                Files.readAllBytes(dir.resolve("level_2/masks.bin")));
        JsonNode before = RunLogs.JSON.readTree(golden().resolve("expected/level_2-sparsity.json").toFile());
        JsonNode now = RunLogs.JSON.readTree(dir.resolve("level_2/sparsity.json").toFile());
        for (String field : List.of("level", "total", "kept", "density", "layers", "seeds")) {
            assertEquals(before.get(field), now.get(field), field);
        }
        assertEquals(before.get("test_accuracy").size(), now.get("test_accuracy").size());

        // Resumed once, the directory holds today's config.yaml: the next run finds it again, and skips everything.
        Outcome again = imp(golden().resolve("golden-imp.yaml"), out);
        assertEquals(0, again.code(), again.err());
        assertTrue(again.err().contains("level 2 (complete, skipped)"), again.err());
        assertEquals(dir.toString(), RunLogs.JSON.readTree(again.out()).get("run_dir").asText());
    }

    @Test
    void anOldRunThatReliedOnAChangedDefaultIsLeftAlone(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        copy(golden().resolve("dirs"), out);
        Map<String, byte[]> old = files(out.resolve(OLD_DEFAULTS));
        // The file leaves lr and log_every to the defaults, which were 0.0012 and steps/10 and are now 0.001 and 10.
        Outcome r = imp(golden().resolve("golden-defaults.yaml"), out);
        assertEquals(0, r.code(), r.err());
        assertFalse(r.err().contains("resuming "), r.err());
        ImpConfig cfg = ImpConfig.load(golden().resolve("golden-defaults.yaml"));
        assertEquals(out.resolve("golden-defaults-" + cfg.runId()).toString(),
                RunLogs.JSON.readTree(r.out()).get("run_dir").asText());
        Map<String, byte[]> oldNow = files(out.resolve(OLD_DEFAULTS));
        assertEquals(old.keySet(), oldNow.keySet());
        old.forEach((k, v) -> assertArrayEquals(v, oldNow.get(k), k));

        // Stating the old values makes it the same experiment again: it resumes the old directory.
        Path explicit = Files.writeString(tmp.resolve("explicit.yaml"), Files.readString(golden()
                .resolve("golden-defaults.yaml")).replace("batch_size: 16", "lr: 0.0012, batch_size: 16, log_every: 1"));
        assertEquals("dbcec318ff2f", ImpConfig.load(explicit).legacy().runId());
        Outcome resumed = imp(explicit, out);
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.err().contains("resuming " + out.resolve(OLD_DEFAULTS)), resumed.err());
        assertTrue(resumed.err().contains("level 0 (complete, skipped)"), resumed.err());
    }
}
