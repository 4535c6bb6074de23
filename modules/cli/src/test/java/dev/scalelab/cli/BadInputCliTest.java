package dev.scalelab.cli;

import dev.scalelab.pruning.TinyImpConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile inputs at the command line: one line {@code error: …} naming file, field or path, and exit 2. */
class BadInputCliTest {
    private static final String SWEEP = """
            name: s
            parameters:
              width: {values: [2, 3]}
            task: {kind: random_regression, n: 8, d: 2}
            train: {steps: 2}
            """;
    private static final String IMP = TinyImpConfig.with("name", "i", "n", "32", "d", "4", "classes", "2",
            "test_size", "16", "widths", "[3]", "batch_size", "8", "steps", "2", "seeds", "[1]", "levels", "1");

    @Test
    void resumeRefusesARunDirectoryThatIsAFileThenFinishesOnceItIsMoved(@TempDir Path tmp) throws IOException {
        Path config = Files.writeString(tmp.resolve("s.yaml"), SWEEP);
        Path out = tmp.resolve("out");
        assertEquals(0, CliRun.of("sweep", "run", config.toString(), "--out", out.toString()).code());
        Path runDir;
        try (Stream<Path> s = Files.list(out)) {
            runDir = s.filter(p -> p.getFileName().toString().matches("[0-9a-f]{12}")).findFirst().orElseThrow();
        }
        deleteTree(runDir);
        Files.writeString(runDir, "in the way");
        CliRun r = CliRun.of("sweep", "run", config.toString(), "--out", out.toString());
        assertOneLine(r, runDir + ": not a directory, where run ");
        Files.delete(runDir);
        r = CliRun.of("sweep", "run", config.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("2 done"), r.out());
    }

    @Test
    void nonFiniteNumbersInAPruneConfigNameFileLineAndKey(@TempDir Path tmp) throws IOException {
        for (String bad : List.of(".nan", ".Inf", "-.INF")) {
            Path config = Files.writeString(tmp.resolve("imp.yaml"), IMP.replace("rate: 0.5", "rate: " + bad));
            CliRun r = CliRun.of("prune", "imp", config.toString(), "--out", tmp.resolve("out").toString());
            assertOneLine(r, config + ":6: pruning.rate: expected a finite number, got " + bad);
        }
    }

    @Test
    void deviceFilesAndDirectoriesAreNotConfigs(@TempDir Path tmp) {
        for (String[] args : List.of(new String[] {"sweep", "run", "/dev/zero"},
                new String[] {"prune", "imp", "/dev/zero"}, new String[] {"prune", "subset-sum", tmp.toString()})) {
            CliRun r = CliRun.of(args);
            assertOneLine(r, args[2] + ":");
        }
    }

    @Test
    void anOverrideMeetsTheChecksOfTheFile(@TempDir Path tmp) throws IOException {
        Path config = Files.writeString(tmp.resolve("s.yaml"), SWEEP);
        CliRun r = CliRun.of("sweep", "run", config.toString(), "--out", tmp.resolve("o").toString(), "-o", "method=random");
        assertOneLine(r, "override method: run_cap: random search needs run_cap");
        r = CliRun.of("sweep", "run", config.toString(), "--out", tmp.resolve("o").toString(), "-o", "loss=cross_entropy");
        assertOneLine(r, "override train.loss: cross_entropy needs a classification task");
    }

    @Test
    void sweepTableOfAnImpRunHasItsTestAccuracy(@TempDir Path tmp) throws IOException {
        Path config = Files.writeString(tmp.resolve("imp.yaml"), IMP);
        Path out = tmp.resolve("out");
        assertEquals(0, CliRun.of("prune", "imp", config.toString(), "--out", out.toString(), "--json").code());
        CliRun table = CliRun.of("sweep", "table", out.toString(), "--format", "csv");
        assertEquals(0, table.code(), table.err());
        List<String> lines = table.out().lines().toList();
        int column = Arrays.asList(lines.get(0).split(",")).indexOf("final_test_accuracy");
        assertTrue(column > 0, lines.get(0));
        assertTrue(lines.size() > 1, table.out());
        for (String line : lines.subList(1, lines.size())) {
            double accuracy = Double.parseDouble(line.split(",")[column]);
            assertTrue(accuracy >= 0 && accuracy <= 1, line);
        }
    }

    private static void assertOneLine(CliRun r, String expected) {
        assertEquals(2, r.code(), r.err());
        List<String> lines = r.err().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.get(0).startsWith("error: ") && lines.get(0).contains(expected),
                "expected '" + expected + "' in: " + lines.get(0));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

}
