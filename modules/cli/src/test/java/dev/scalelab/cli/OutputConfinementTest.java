package dev.scalelab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every command that writes stays inside the directory the user named: config names that climb out
 * ({@code ../../x}), absolute names and over-long names are refused in one line with exit 2, and so are output
 * paths that cannot be directories (empty, a file, under /proc, a 300-byte component). Nothing is written
 * anywhere else: the test's whole temporary tree is compared before and after.
 */
class OutputConfinementTest {
    private static final String LONG = "n".repeat(256);
    private static final String SETUP = """
            task: {kind: random_classes, n: 32, d: 4, classes: 2, test_size: 16}
            model: {widths: [3]}
            seeds: [1]
            """;

    static Stream<Arguments> badNames() {
        List<Arguments> cases = new ArrayList<>();
        for (String name : List.of("\"../../escape\"", "/tmp/scalelab-escape", LONG, "\"a/b\"", "\"..\"")) {
            cases.add(Arguments.of("sweep", name));
            cases.add(Arguments.of("imp", name));
            cases.add(Arguments.of("subset-sum", name));
            cases.add(Arguments.of("edge-popup", name));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} name: {1}")
    @MethodSource("badNames")
    void configNamesThatLeaveTheOutputDirectoryAreRefused(String command, String name, @TempDir Path tmp)
            throws IOException {
        Path work = Files.createDirectories(tmp.resolve("a/b/c"));
        Path config = tmp.resolve("config.yaml");
        Files.writeString(config, "name: " + name + "\n" + body(command));
        List<String> before = tree(tmp);
        CliRun r = command.equals("sweep")
                ? CliRun.of("sweep", "run", config.toString(), "--out", work.resolve("out").toString())
                : CliRun.of("prune", command, config.toString(), "--out", work.resolve("out").toString());
        r.assertOneLineError("name");
        assertEquals(before, tree(tmp), "nothing written");
        assertFalse(Files.exists(Path.of("/tmp/scalelab-escape")));
    }

    @Test
    void aSafeNameWritesOnlyBelowOut(@TempDir Path tmp) throws IOException {
        Path config = tmp.resolve("imp.yaml");
        Files.writeString(config, "name: ok.name_1\n" + body("imp"));
        Path out = tmp.resolve("out");
        CliRun.of("prune", "imp", config.toString(), "--out", out.toString(), "--json").assertOk();
        for (String p : tree(tmp)) {
            assertTrue(p.equals("imp.yaml") || p.equals("out") || p.startsWith("out/ok.name_1-"), p);
        }
    }

    static Stream<Arguments> badOutputs() {
        return Stream.of(Arguments.of(""), Arguments.of("FILE"), Arguments.of("/proc/scalelab-test/x"),
                Arguments.of("LONG"));
    }

    @ParameterizedTest(name = "output path {0}")
    @MethodSource("badOutputs")
    void unusableOutputPathsAreRefusedByEveryCommandThatWrites(String kind, @TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        String path = switch (kind) {
            case "FILE" -> file.toString();
            case "LONG" -> tmp.resolve("x".repeat(300)).toString();
            default -> kind;
        };
        Path sweep = Files.writeString(tmp.resolve("sweep.yaml"), "name: s\n" + body("sweep"));
        Path imp = Files.writeString(tmp.resolve("imp.yaml"), "name: i\n" + body("imp"));
        Path ss = Files.writeString(tmp.resolve("ss.yaml"), "name: s\n" + body("subset-sum"));
        Path ep = Files.writeString(tmp.resolve("ep.yaml"), "name: e\n" + body("edge-popup"));
        Path csv = Files.writeString(tmp.resolve("t.csv"), "N,L\n100,3\n200,2.5\n400,2.2\n800,2.1\n");
        List<String> before = tree(tmp);
        List<String[]> commands = List.of(
                new String[] {"sweep", "run", sweep.toString(), "--out", path},
                new String[] {"prune", "imp", imp.toString(), "--out", path},
                new String[] {"prune", "subset-sum", ss.toString(), "--out", path},
                new String[] {"prune", "edge-popup", ep.toString(), "--out", path},
                new String[] {"memorize", "--n", "5", "--d", "2", "--widths", "2", "--seeds", "1", "--steps", "2",
                    "--plot", path},
                new String[] {"fit", csv.toString(), "--form", "power", "--columns", "N=N,loss=L", "--plot", path},
                new String[] {"bench", "backends", "--backends", "cpu", "--widths", "2", "--models", "1", "--steps",
                    "1", "--warmup", "1", "--peak-size", "8", "--out", path});
        for (String[] args : commands) {
            CliRun.of(args).assertOneLineError("--");
            assertEquals(before, tree(tmp), "nothing written by " + String.join(" ", args));
        }
    }

    @Test
    void benchRefusesAZeroPeakSize() {
        CliRun.of("bench", "backends", "--peak-size", "0").assertOneLineError("--peak-size");
    }

    private static String body(String command) {
        return switch (command) {
            case "sweep" -> """
                    parameters:
                      width: {values: [2]}
                    task: {kind: random_regression, n: 8, d: 2}
                    train: {steps: 2}
                    """;
            case "imp" -> SETUP + """
                    train: {optimizer: sgd, lr: 0.05, batch_size: 8, steps: 2}
                    pruning: {strategy: global, rate: 0.5, levels: 1}
                    controls: [random_pruning]
                    """;
            case "subset-sum" -> SETUP + """
                    train: {optimizer: adam, lr: 0.01, batch_size: 8, steps: 2}
                    construction: {n: 8, epsilon: 0.1, seed: 3, threads: 1}
                    """;
            default -> SETUP + """
                    train: {optimizer: sgd, lr: 0.1, momentum: 0.9, batch_size: 8, steps: 2}
                    popup: {k: [0.5], inits: [signed_constant]}
                    """;
        };
    }

    private static List<String> tree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }
}
