package dev.scalelab.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Run logs found anywhere in a tree (IMP levels and branches), not only in a sweep's flat layout. */
class RunLogTreeTest {

    private static RunSummary summary(String id, double accuracy) {
        return new RunSummary(RunLogs.SCHEMA_VERSION, id, RunSummary.DONE, 100, 1000, 6e5, 10, 0.5, 0.6, 0.4, 0.55,
                accuracy, false, null, null, 1.5, Map.of("seed", 1));
    }

    @Test
    void findsEverySummaryBelowTheRootKeyedByItsDirectory(@TempDir Path tmp) throws IOException {
        write(tmp.resolve("run/level_0/ticket_s1"), summary("run/level_0/ticket_s1", 0.8));
        write(tmp.resolve("run/level_1/ticket_s1"), summary("run/level_1/ticket_s1", 0.81));
        write(tmp.resolve("run/level_1/reinit_s1"), summary("run/level_1/reinit_s1", 0.79));
        Files.createDirectories(tmp.resolve("run/level_2/ticket_s1"));
        Files.writeString(tmp.resolve("run/level_2/ticket_s1/summary.json"), ""); // killed before it finished
        Files.writeString(tmp.resolve("run/results.json"), "{}");

        Map<String, RunSummary> found = RunLogTree.summaries(tmp);
        assertEquals(List.of("run/level_0/ticket_s1", "run/level_1/reinit_s1", "run/level_1/ticket_s1"),
                List.copyOf(found.keySet()));
        assertEquals(0.79, found.get("run/level_1/reinit_s1").finalTestAccuracy());
        assertEquals(Map.of(), RunLogTree.summaries(tmp.resolve("run/level_2")));
    }

    @Test
    void aSummaryThatIsNotARunSummaryIsNamedInTheError(@TempDir Path tmp) throws IOException {
        Path bad = tmp.resolve("x/summary.json");
        Files.createDirectories(bad.getParent());
        Files.writeString(bad, "[1, 2, 3]");
        RunLogException e = assertThrows(RunLogException.class, () -> RunLogTree.summaries(tmp));
        assertTrue(e.getMessage().startsWith(bad.toString()), e.getMessage());
    }

    private static void write(Path dir, RunSummary s) throws IOException {
        Files.createDirectories(dir);
        AtomicFiles.write(dir.resolve("summary.json"), RunLogs.pretty(s));
    }
}
