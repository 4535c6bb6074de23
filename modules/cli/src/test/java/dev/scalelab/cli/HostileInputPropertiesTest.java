package dev.scalelab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * Random and mutated configs, overrides, CSVs and run-log trees thrown at the CLI in-process. Whatever comes in,
 * the CLI must exit 0 or 2, say at most one line on stderr when it exits 2, let no exception escape, and write
 * nothing outside the temporary directory of the try. Training stays tiny: sizes that would pass validation are
 * drawn from small values only (a huge valid step count is a long run, not a bug).
 *
 * <p>Each try is driven by one {@code long} seed that jqwik draws (and reports on failure); the number of tries
 * per property is {@code jqwik.tries.default} (src/test/resources/junit-platform.properties), e.g.
 * {@code mvn test -pl modules/cli -Dtest=HostileInputPropertiesTest -Djqwik.tries.default=400} for a longer run.
 */
class HostileInputPropertiesTest {
    /** Fixed, so CI runs the same tries every time; change it (or raise the tries) to explore further. */
    static final String SEED = "20261129";
    private static final Path ESCAPE = Path.of("/tmp/scalelab-escape");
    /** Values any field may get; none is valid and expensive at once. */
    private static final List<String> ANY = List.of(".nan", ".NaN", ".inf", "-.Inf", "+.INF", "-1", "0", "1", "2",
            "0.5", "1e-3", "1e308", "-1e308", "2147483647", "2147483648", "99999999999999999999", "\"\"", "\"x\"",
            "true", "null", "~", "[]", "{}", "[1, 2]", "\"../../escape\"", "/tmp/scalelab-escape", "\"" + "n".repeat(300)
            + "\"", "!!java.io.File x", "&a 1", "*a", "cross_entropy", "mse", "random_classes", "teacher_student",
            "fashion_mnist", "sgd", "adam", "random", "grid", "bayes", "cuda", "tanh", "{values: [1, 2]}",
            "{distribution: uniform, min: 0.001, max: 0.1}", "{distribution: int_uniform, min: 1, max: 3}");
    /** Values of keys that size the work: small, or refused. */
    private static final List<String> SIZE = List.of(".nan", ".inf", "-.Inf", "-1", "0", "1", "2", "3", "0.5",
            "2147483648", "99999999999999999999", "\"x\"", "null", "[]", "{}", "true", "[1, 2]",
            "{values: [1, 2]}");
    private static final Set<String> SIZE_KEYS = Set.of("n", "d", "width", "widths", "depth", "steps", "epochs",
            "log_every", "run_cap", "test_size", "teacher_width", "batch_size", "classes", "levels", "k", "threads",
            "seeds", "rewind_step");
    /** Sizes that are valid for keys where 2^31 - 1 is refused by the allocation checks. */
    private static final Set<String> REFUSED_WHEN_HUGE = Set.of("n", "d", "width", "test_size", "teacher_width");

    private static final String SWEEP = """
            name: p
            method: grid
            parameters:
              width:
                values: [2, 3]
            task:
              kind: random_regression
              n: 16
              d: 3
              test_size: 0
            model:
              depth: 1
              activation: relu
            train:
              loss: mse
              optimizer: adam
              lr: 0.01
              steps: 3
              log_every: 1
            """;
    private static final String SETUP = """
            task:
              kind: random_classes
              n: 32
              d: 4
              classes: 2
              test_size: 16
            model:
              widths: [3]
            seeds: [1]
            """;
    private static final String IMP = "name: p\n" + SETUP + """
            train:
              optimizer: sgd
              lr: 0.05
              batch_size: 8
              steps: 2
            pruning:
              strategy: global
              rate: 0.5
              levels: 1
            controls: [random_pruning]
            """;
    private static final String SUBSET_SUM = "name: p\n" + SETUP + """
            train:
              optimizer: adam
              lr: 0.01
              batch_size: 8
              steps: 2
            construction:
              n: 8
              epsilon: 0.1
              seed: 3
              threads: 1
            """;
    private static final String EDGE_POPUP = "name: p\n" + SETUP + """
            train:
              optimizer: sgd
              lr: 0.1
              momentum: 0.9
              batch_size: 8
              steps: 2
            popup:
              k: [0.5]
              inits: [signed_constant]
            """;
    private static final String SUMMARY = """
            {"schema_version": 1, "run_id": "RUN", "status": "done", "params": 100, "samples": 1000,
             "flops": 600000, "steps": 10, "final_train_loss": 1.5, "final_test_loss": 1.75,
             "best_train_loss": 1.5, "best_test_loss": 1.75, "final_test_accuracy": null, "reached_target": false,
             "diverged_at_step": null, "error": null, "wall_seconds": 0.1,
             "config": {"model.width": 4, "task.n": 20, "train.steps": 10}}
            """;

    private Path root;
    private Set<String> cwdBefore;

    @BeforeProperty
    void createRoot() throws IOException {
        root = Files.createTempDirectory(Path.of("target"), "hostile-");
        cwdBefore = listing(Path.of(""));
    }

    @AfterProperty
    void removeRoot() throws IOException {
        Try.delete(root);
        assertEquals(cwdBefore, listing(Path.of("")), "nothing new in the working directory");
    }

    // ---------------------------------------------------------------------------------------------------------

    @Property(seed = SEED)
    void sweepRunOnMutatedConfigs(@ForAll long seed) throws IOException {
        Random rnd = new Random(seed);
        Try t = newTry();
        Path config = t.input("sweep.yaml", mutate(SWEEP, rnd));
        t.expectSane(rnd.nextInt(4) == 0
                ? new String[] {"sweep", "run", config.toString(), "--out", t.out("s").toString(), "--json"}
                : new String[] {"sweep", "run", config.toString(), "--out", t.out("s").toString()});
    }

    @Property(seed = SEED)
    void sweepRunWithRandomOverrides(@ForAll long seed) throws IOException {
        Random rnd = new Random(seed);
        Try t = newTry();
        Path config = t.input("sweep.yaml", SWEEP);
        List<String> args = new ArrayList<>(List.of("sweep", "run", config.toString(), "--out",
                t.out("s").toString()));
        List<String> keys = List.of("width", "depth", "n", "d", "lr", "steps", "epochs", "loss", "optimizer",
                "activation", "method", "run_cap", "sweep_seed", "seed", "batch_size", "target_loss", "momentum",
                "backend", "task", "classes", "test_size", "init_scale", "bogus", "", "task.n", "train.lr");
        int count = 1 + rnd.nextInt(3);
        for (int i = 0; i < count; i++) {
            String key = keys.get(rnd.nextInt(keys.size()));
            String value = value(key, rnd);
            if (rnd.nextInt(4) == 0) {
                value = value + "," + value(key, rnd);
            }
            args.add(rnd.nextBoolean() ? "-o" : "--override");
            args.add(rnd.nextInt(20) == 0 ? key + value : key + "=" + unquote(value));
        }
        if (rnd.nextInt(5) == 0) {
            args.addAll(List.of(pick(rnd, "--workers", "--threads", "--max-models"), pick(rnd, "0", "-1", "2", "x")));
        }
        t.expectSane(args.toArray(String[]::new));
    }

    @Property(seed = SEED)
    void pruneOnMutatedConfigs(@ForAll long seed) throws IOException {
        Random rnd = new Random(seed);
        Try t = newTry();
        int which = rnd.nextInt(3);
        String base = which == 0 ? IMP : which == 1 ? SUBSET_SUM : EDGE_POPUP;
        String command = which == 0 ? "imp" : which == 1 ? "subset-sum" : "edge-popup";
        Path config = t.input("prune.yaml", mutate(base, rnd));
        t.expectSane("prune", command, config.toString(), "--out", t.out("p").toString(), "--json");
    }

    @Property(seed = SEED)
    void fitOnRandomTables(@ForAll long seed) throws IOException {
        Random rnd = new Random(seed);
        Try t = newTry();
        List<String> columns = new ArrayList<>(List.of("params", "samples", "flops", "final_test_loss"));
        if (rnd.nextInt(4) == 0) {
            columns.add(columns.get(rnd.nextInt(columns.size())));
        }
        if (rnd.nextInt(4) == 0) {
            columns.remove(rnd.nextInt(columns.size()));
        }
        StringBuilder csv = new StringBuilder(String.join(",", columns)).append('\n');
        int rows = rnd.nextInt(12);
        List<String> cells = List.of("", "NaN", "-1", "0", "x", "1e400", "\"1,5\"", "inf");
        for (int r = 0; r < rows; r++) {
            List<String> row = new ArrayList<>();
            for (int c = 0; c < columns.size(); c++) {
                row.add(rnd.nextInt(15) == 0 ? cells.get(rnd.nextInt(cells.size()))
                        : String.valueOf(rnd.nextInt(3) == 0 ? 1000 : Math.round(Math.pow(10, 2 + 3 * rnd.nextDouble()))
                        * (c == 3 ? 0.001 : 1)));
            }
            if (rnd.nextInt(20) == 0) {
                row.remove(0);
            }
            csv.append(String.join(",", row)).append('\n');
        }
        String text = csv.toString();
        if (rnd.nextInt(6) == 0) {
            text = text.substring(0, rnd.nextInt(text.length() + 1));
        }
        Path file = t.input(rnd.nextInt(8) == 0 ? "table.jsonl" : "table.csv", text);
        List<String> args = new ArrayList<>(List.of("fit", file.toString(), "--form",
                pick(rnd, "power", "chinchilla", "kaplan", "bogus")));
        if (rnd.nextInt(3) == 0) {
            args.addAll(List.of("--columns", pick(rnd, "N=params,N=samples", "N=params,D=params", "loss=final_test_loss",
                    "N=", "X=params", "D=samples,C=flops")));
        }
        if (rnd.nextInt(3) == 0) {
            args.addAll(List.of("--bootstrap", pick(rnd, "0", "5", "-1", "x")));
        }
        if (rnd.nextInt(3) == 0) {
            args.addAll(List.of("--predict", pick(rnd, "C=1e21", "C=-1", "N=NaN", "x", "C=1e400")));
        }
        if (rnd.nextInt(4) == 0) {
            args.addAll(List.of("--plot", t.out("plot").toString()));
        }
        if (rnd.nextBoolean()) {
            args.add("--json");
        }
        t.expectSane(args.toArray(String[]::new));
    }

    @Property(seed = SEED)
    void tableStatusAndFitOnMutatedRunLogTrees(@ForAll long seed) throws IOException {
        Random rnd = new Random(seed);
        Try t = newTry();
        Path dir = t.in.resolve("runs");
        Files.createDirectories(dir);
        int runs = rnd.nextInt(5);
        for (int i = 0; i < runs; i++) {
            String id = String.format("%012x", rnd.nextLong() & 0xffffffffffffL);
            Path run = dir.resolve(rnd.nextInt(8) == 0 ? "sub/" + id : id);
            if (rnd.nextInt(10) == 0) {
                Files.createDirectories(run.getParent());
                Files.writeString(run, "a file where a run directory belongs");
                continue;
            }
            Files.createDirectories(run);
            String summary = SUMMARY.replace("RUN", id)
                    .replace("\"params\": 100", "\"params\": " + (100 * (i + 1)))
                    .replace("\"samples\": 1000", "\"samples\": " + (1000 * (1 + rnd.nextInt(3))));
            switch (rnd.nextInt(9)) {
                case 0 -> summary = summary.substring(0, rnd.nextInt(summary.length()));
                case 1 -> summary = summary.replace("\"schema_version\": 1", "\"schema_version\": 99");
                case 2 -> summary = summary.replace("\"params\": ", "\"params\": \"many\", \"x\": ");
                case 3 -> summary = "[]";
                case 4 -> summary = summary.replace("1.75", pick(rnd, "-1", "NaN", "null", "\"x\"", "1e999"));
                case 5 -> Files.createDirectories(run.resolve("summary.json"));
                default -> {
                }
            }
            if (!Files.isDirectory(run.resolve("summary.json"))) {
                Files.writeString(run.resolve("summary.json"), summary);
            }
            if (rnd.nextBoolean()) {
                Files.writeString(run.resolve("metrics.jsonl"), pick(rnd, "{\"step\": 1, \"train_loss\": 2.0}\n",
                        "{\"step\": 1, \"train_loss\"", "garbage\n", "\u0000\u0001\n", ""));
            }
        }
        if (rnd.nextInt(3) == 0) {
            Files.writeString(dir.resolve(pick(rnd, "index.jsonl", "sweep.json")),
                    pick(rnd, "{}", "not json", "{\"schema_version\": 1}\n", "[1,2]"));
        }
        String[] args = switch (rnd.nextInt(5)) {
            case 0 -> new String[] {"sweep", "table", dir.toString(), "--format", pick(rnd, "csv", "md", "json", "x")};
            case 1 -> new String[] {"sweep", "status", dir.toString()};
            case 2 -> new String[] {"sweep", "table", dir.resolve(pick(rnd, "absent", "index.jsonl")).toString()};
            case 3 -> new String[] {"sweep", "report", dir.toString(), "--out", t.out("report.html").toString()};
            default -> new String[] {"fit", dir.toString(), "--form", pick(rnd, "power", "chinchilla")};
        };
        t.expectSane(args);
    }

    @Property(seed = SEED)
    void memorizeAndBenchWithRandomFlags(@ForAll long seed) throws IOException {
        Random rnd = new Random(seed);
        Try t = newTry();
        List<String> args = new ArrayList<>();
        String plotFlag = "--plot";
        if (rnd.nextBoolean()) {
            args.addAll(List.of("memorize", "--n", pick(rnd, "5", "1", "0", "-1", "x", "2147483647"), "--d",
                    pick(rnd, "2", "1", "0", "-3", "2147483647"), "--widths", pick(rnd, "2", "1,2", "0", "-1", "x", "2,2"),
                    "--seeds", pick(rnd, "1", "2", "0", "-1"), "--steps", pick(rnd, "3", "1", "0", "-1"), "--lr",
                    pick(rnd, "0.01", "0", "-1", "NaN", "Infinity", "x"), "--target", pick(rnd, "1e-4", "0", "NaN", "-1")));
        } else {
            plotFlag = "--out";
            args.addAll(List.of("bench", "backends", "--backends", pick(rnd, "cpu", "cpu", "bogus"), "--widths",
                    pick(rnd, "2", "0", "-1", "2,4"), "--models", pick(rnd, "1", "2", "0"), "--depth",
                    pick(rnd, "1", "0", "2"), "--input", pick(rnd, "2", "0", "-1"), "--batch", pick(rnd, "2", "0"),
                    "--steps", pick(rnd, "1", "0"), "--warmup", pick(rnd, "1", "0"), "--peak-size",
                    pick(rnd, "8", "1", "0", "-1", "16385", "x")));
        }
        if (rnd.nextBoolean()) {
            args.add("--json");
        }
        args.addAll(List.of(plotFlag, pick(rnd, t.out("plot").toString(), t.out("plot").toString(),
                t.input("a-file", "x").toString(), t.out("x".repeat(300)).toString(), "/proc/scalelab-x", "")));
        t.expectSane(args.toArray(String[]::new));
    }

    /**
     * Issue 25's surfaces: hostile SCALELAB_* variables, --shard counts, sweep plot --name, merge targets inside
     * sources, k8s mount points and existing --out folders of other files.
     */
    @Property(seed = SEED)
    void sweepWithHostileEnvironmentShardsNamesMountsAndOuts(@ForAll long seed) throws IOException {
        Random rnd = new Random(seed);
        Try t = newTry();
        Path config = t.input("s.yaml", SWEEP);
        Map<String, String> env = new HashMap<>();
        if (rnd.nextInt(3) == 0) {
            env.put(pick(rnd, "SCALELAB_STEPS_PER_LAUNCH", "SCALELAB_CUDA_GRAPHS", "SCALELAB_CPU_FUSED",
                    "SCALELAB_CUDA_DEVICE", "SCALELAB_TYPO", "SCALELAB_TEST_HOLD", "SCALELAB_REBUILD"),
                    pick(rnd, "1", "0", "garbage", "-1", "99999999999999", "", " ", "2.5", "metrics:0@x"));
        }
        Path sweepOut = t.out("s");
        String[] args = switch (rnd.nextInt(5)) {
            case 0 -> new String[] {"sweep", "run", config.toString(), "--out", sweepOut.toString(), "--shard",
                pick(rnd, "0/1", "1/2", "0/0", "2/2", "-1/2", "0/2147483647", "0/2147483648", "0/100001", "x/2",
                    "0/99999999999999999999", "auto", "0/")};
            case 1 -> new String[] {"sweep", "plot", t.out("none").toString(), "--x", "width", "--y", "final_train_loss",
                "--out", t.out("plots").toString(), "--name", pick(rnd, "plot", "../../escape", "/tmp/scalelab-escape",
                    "a/b", ".hidden", "", "-x", "n".repeat(300))};
            case 2 -> new String[] {"sweep", "emit", "k8s", config.toString(), "--tasks", "2", "--image", "i:1",
                "--mount", pick(rnd, "/", "/etc", "/usr/lib", "/proc/x", "/sweeps", "/data/", "relative", "/opt"),
                "--out", pick(rnd, "/sweeps/s", "/data/s", "/etc/s", "/s")};
            case 3 -> {
                Path src = t.out("m1");
                Files.createDirectories(src);
                Files.writeString(src.resolve("sweep.json"), "{\"schema_version\":2,\"name\":\"p\"}");
                yield new String[] {"sweep", "merge", src.toString(), "--into", pick(rnd, src.resolve("sub").toString(),
                    t.outRoot().toString(), src.toString(), t.out("m2").toString())};
            }
            default -> {
                Path mine = Files.createDirectories(t.out("mine"));
                Files.writeString(mine.resolve("notes.txt"), "mine");
                yield new String[] {"sweep", "run", config.toString(), "--out", pick(rnd, mine.toString(),
                    sweepOut.toString())};
            }
        };
        t.expectSane(env, args);
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Applies 0 to 3 random edits: a value replaced, a line deleted, duplicated or added, the text cut or garbled. */
    static String mutate(String base, Random rnd) {
        List<String> lines = new ArrayList<>(List.of(base.split("\n")));
        int edits = rnd.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int i = rnd.nextInt(lines.size());
            String line = lines.get(i);
            switch (rnd.nextInt(10)) {
                case 0 -> lines.remove(i);
                case 1 -> lines.add(i, line);
                case 2 -> lines.add(i, pick(rnd, "bogus: 1", "  bogus: 1", "name: \"../../escape\"", "name: /tmp/scalelab-escape",
                        "name: " + "n".repeat(256), "run_cap: 2", "method: random", "backend: cuda", "\t- x",
                        "---", "  loss: cross_entropy", "  kind: teacher_student", "controls: [reinit]"));
                case 3 -> {
                    String text = String.join("\n", lines);
                    return text.substring(0, rnd.nextInt(text.length() + 1));
                }
                case 4 -> {
                    if (!line.isEmpty()) {
                        char[] chars = line.toCharArray();
                        chars[rnd.nextInt(chars.length)] = pick(rnd, "\t", ":", "{", "[", "'", "\"", "#", "\u00e9",
                                "\u0000", "-", "&", "!").charAt(0);
                        lines.set(i, new String(chars));
                    }
                }
                default -> {
                    int colon = line.indexOf(": ");
                    if (colon > 0) {
                        String key = line.substring(0, colon).trim();
                        lines.set(i, line.substring(0, colon + 2) + value(key, rnd));
                    }
                }
            }
        }
        return String.join("\n", lines) + "\n";
    }

    private static String value(String key, Random rnd) {
        if (SIZE_KEYS.contains(key) || key.startsWith("task.n")) {
            if (REFUSED_WHEN_HUGE.contains(key) && rnd.nextInt(8) == 0) {
                return "2147483647";
            }
            return SIZE.get(rnd.nextInt(SIZE.size()));
        }
        return ANY.get(rnd.nextInt(ANY.size()));
    }

    private static String unquote(String v) {
        return v.startsWith("\"") && v.endsWith("\"") && v.length() >= 2 ? v.substring(1, v.length() - 1) : v;
    }

    private static String pick(Random rnd, String... options) {
        return options[rnd.nextInt(options.length)];
    }

    private Try newTry() throws IOException {
        Path dir = Files.createTempDirectory(root, "try-");
        return new Try(dir, Files.createDirectories(dir.resolve("in")), Files.createDirectories(dir.resolve("out")));
    }

    private static Set<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir.toAbsolutePath())) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.equals("target"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** One try: inputs under {@code in/}, everything the CLI writes must land under {@code out/}. */
    private record Try(Path dir, Path in, Path outRoot) {
        Path input(String name, String text) throws IOException {
            return Files.writeString(in.resolve(name), text, StandardCharsets.UTF_8);
        }

        Path out(String name) {
            return outRoot.resolve(name);
        }

        void expectSane(String... args) throws IOException {
            expectSane(System.getenv(), args);
        }

        /** As {@link #expectSane(String...)} in the environment {@code env}. */
        void expectSane(Map<String, String> env, String... args) throws IOException {
            Set<Path> inputsBefore = files(in);
            CliRun run;
            try {
                run = CliRun.in(env, args);
            } catch (Throwable e) {
                fail("exception escaped from " + String.join(" ", args) + ": " + e, e);
                return;
            }
            String what = String.join(" ", args) + "\nstderr: " + run.err();
            assertTrue(run.code() == 0 || run.code() == 2, "exit " + run.code() + " from " + what);
            if (run.code() == 2) {
                List<String> lines = run.err().lines().filter(l -> !l.isBlank()).toList();
                assertTrue(lines.size() <= 1, "more than one stderr line for exit 2: " + what);
                assertTrue(lines.isEmpty() || lines.get(0).startsWith("error: "), "not an error line: " + what);
            }
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.toList()) {
                    boolean allowed = p.equals(dir) || p.startsWith(outRoot) || p.startsWith(in);
                    assertTrue(allowed, "written outside the output directory: " + p + " by " + what);
                }
            }
            assertEquals(inputsBefore, files(in), "inputs changed by " + what);
            assertTrue(!Files.exists(ESCAPE), "written to " + ESCAPE + " by " + what);
            delete(dir);
        }

        private static Set<Path> files(Path d) throws IOException {
            try (Stream<Path> s = Files.walk(d)) {
                return s.collect(Collectors.toSet());
            }
        }

        private static void delete(Path d) throws IOException {
            try (Stream<Path> s = Files.walk(d)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.delete(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
    }
}
