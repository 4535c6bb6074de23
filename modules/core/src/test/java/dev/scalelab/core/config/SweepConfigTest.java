package dev.scalelab.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.core.UserInputException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SweepConfigTest {
    private static final String BASE = """
            name: t
            method: grid
            parameters:
              width: {values: [4, 8, 16]}
              lr: {values: [0.01, 0.001]}
              seed: {values: [1, 2]}
            task:
              kind: random_regression
              n: 20
              d: 3
            model:
              depth: 2
            train:
              steps: 50
              target_loss: 0.0001
            """;

    private static SweepConfig parse(String text) {
        return SweepConfigLoader.parse(text, "t.yaml");
    }

    @Test
    void gridIsTheCartesianProductLastParameterFastest() {
        List<RunConfig> runs = SweepExpander.expand(parse(BASE));
        assertEquals(12, runs.size());
        assertEquals(12, new HashSet<>(runs.stream().map(RunConfig::id).toList()).size());
        assertEquals(4, runs.get(0).model().width());
        assertEquals(1L, runs.get(0).model().seed());
        assertEquals(2L, runs.get(1).model().seed());
        assertEquals(0.001, runs.get(2).train().lr());
        assertEquals(8, runs.get(4).model().width());
        assertEquals(2, runs.get(0).model().depth());
    }

    @Test
    void gridRunCapCutsTheGrid() {
        assertEquals(5, SweepExpander.expand(parse(BASE + "run_cap: 5\n")).size());
    }

    @Test
    void randomSearchIsSeededCappedAndInRange() {
        String text = """
                method: random
                sweep_seed: 42
                run_cap: 25
                parameters:
                  width: {distribution: int_uniform, min: 4, max: 64}
                  lr: {distribution: log_uniform_values, min: 0.0001, max: 0.1}
                  init_scale: {distribution: uniform, min: 0.5, max: 2}
                  seed: {values: [1, 2, 3]}
                task: {kind: random_regression, n: 20, d: 3}
                train: {steps: 10}
                """;
        List<RunConfig> a = SweepExpander.expand(parse(text));
        List<RunConfig> b = SweepExpander.expand(parse(text));
        assertEquals(25, a.size());
        assertEquals(a.stream().map(RunConfig::id).toList(), b.stream().map(RunConfig::id).toList());
        for (RunConfig r : a) {
            assertTrue(r.model().width() >= 4 && r.model().width() <= 64);
            assertTrue(r.train().lr() >= 0.0001 && r.train().lr() <= 0.1);
            assertTrue(r.model().initScale() >= 0.5 && r.model().initScale() <= 2);
        }
        List<RunConfig> other = SweepExpander.expand(Overrides.apply(parse(text), List.of("sweep_seed=7")));
        assertNotEquals(a.get(0).id(), other.get(0).id());
    }

    @Test
    void randomSearchOverASmallDiscreteSpaceYieldsEachPointOnce() {
        String text = """
                method: random
                run_cap: 100
                parameters:
                  width: {values: [4, 8]}
                  seed: {values: [1, 2, 3]}
                task: {kind: random_regression, n: 20, d: 3}
                train: {steps: 10}
                """;
        assertEquals(6, SweepExpander.expand(parse(text)).size());
    }

    @Test
    void overridesSweepFixAndTurnFixedIntoSwept() {
        SweepConfig s = parse(BASE);
        SweepConfig o = Overrides.apply(s, List.of("width=64,128,256", "lr=0.01", "depth=1,3", "N=30"));
        List<RunConfig> runs = SweepExpander.expand(o);
        assertEquals(3 * 1 * 2 * 2, runs.size());
        assertTrue(runs.stream().allMatch(r -> r.train().lr() == 0.01 && r.task().n() == 30));
        assertEquals(List.of(64, 128, 256), runs.stream().map(r -> r.model().width()).distinct().toList());
        assertEquals(List.of(1, 3), runs.stream().map(r -> r.model().depth()).distinct().sorted().toList());
        // dotted keys work as well as short names
        assertEquals(2, SweepExpander.expand(Overrides.apply(s, List.of("model.width=4", "train.lr=0.1",
                "seed=1,2"))).size());
    }

    @Test
    void badOverridesNameTheOverrideAndKey() {
        SweepConfig s = parse(BASE);
        UserInputException e = assertThrows(UserInputException.class,
                () -> Overrides.apply(s, List.of("width=64,abc")));
        assertEquals("override 'width=64,abc': model.width: expected a positive integer, got \"abc\"",
                e.getMessage());
        e = assertThrows(UserInputException.class, () -> Overrides.apply(s, List.of("widht=4")));
        assertTrue(e.getMessage().startsWith("override 'widht=4': unknown setting 'widht'"), e.getMessage());
        e = assertThrows(UserInputException.class, () -> Overrides.apply(s, List.of("width")));
        assertTrue(e.getMessage().contains("expected key=value"), e.getMessage());
    }

    @Test
    void resolvedConfigYamlRoundTripsToTheSameRun() {
        for (RunConfig r : SweepExpander.expand(parse(BASE))) {
            List<RunConfig> again = SweepExpander.expand(SweepConfigLoader.parse(r.toYaml(), "config.yaml"));
            assertEquals(1, again.size());
            assertEquals(r.id(), again.get(0).id());
            assertEquals(r.flat(), again.get(0).flat());
        }
    }

    @Test
    void flatConfigRoundTripsThroughFromFlat() throws ConfigProblem {
        RunConfig r = SweepExpander.expand(parse(BASE)).get(3);
        RunConfig back = RunConfig.fromFlat(new TreeMap<>(r.flat()));
        assertEquals(r, back);
        assertEquals(r.id(), back.id());
    }

    /** Every shipped sweep config (the prune-* configs are pruning's) loads, expands and names its runs. */
    @Test
    void everyShippedSweepConfigLoads() throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(Path.of("../../configs"))) {
            List<Path> sweeps = files.filter(f -> f.getFileName().toString().endsWith(".yaml")
                    && !f.getFileName().toString().startsWith("prune-")).sorted().toList();
            assertTrue(sweeps.size() >= 20, "shipped sweep configs: " + sweeps);
            for (Path file : sweeps) {
                List<RunConfig> runs = SweepExpander.expand(SweepConfigLoader.load(file));
                assertFalse(runs.isEmpty(), file.toString());
                assertEquals(runs.size(), runs.stream().map(RunConfig::id).distinct().count(), file + ": run ids");
            }
        }
    }

    @Test
    void shippedConfigsLoadAndExpand() {
        Map<String, Integer> expected = Map.of("memorization.yaml", 30, "teacher-student-width-depth.yaml", 24,
                "compute-grid.yaml", 50);
        for (Map.Entry<String, Integer> e : expected.entrySet()) {
            Path file = Path.of("../../configs").resolve(e.getKey());
            List<RunConfig> runs = SweepExpander.expand(SweepConfigLoader.load(file));
            assertEquals(e.getValue(), runs.size(), e.getKey());
        }
    }

    @Test
    void epochsBecomeSteps() {
        RunConfig r = SweepExpander.expand(parse("""
                task: {kind: random_regression, n: 100, d: 3}
                model: {width: 4}
                train: {epochs: 2.5, batch_size: 30}
                """)).get(0);
        assertEquals(9, r.modelSettings().maxSteps()); // ceil(2.5 * 100 / 30)
        assertFalse(r.canonical().contains("train.steps"));
    }

    /** Sweeps may name the CUDA backends (whether one is usable here is the engine's check when the sweep starts). */
    @Test
    void backendAcceptsTheCpuAndCudaNamesAndRefusesOthersInOneLine() {
        for (String name : List.of("cpu", "cuda", "cuda-tf32", "cuda-bf16")) {
            assertEquals(name, SweepExpander.expand(parse(BASE + "backend: " + name + "\n")).get(0).backend());
            assertEquals(name, SweepExpander.expand(Overrides.apply(parse(BASE), List.of("backend=" + name)))
                    .get(0).backend());
        }
        assertEquals("cpu", SweepExpander.expand(parse(BASE + "backend: nd4j\n")).get(0).backend());
        UserInputException file = assertThrows(UserInputException.class, () -> parse(BASE + "backend: tpu\n"));
        assertEquals("t.yaml:16: backend: expected one of cpu, cuda, cuda-tf32, cuda-bf16, got \"tpu\"",
                file.getMessage());
        UserInputException override = assertThrows(UserInputException.class,
                () -> Overrides.apply(parse(BASE), List.of("backend=gpu")));
        assertTrue(override.getMessage().startsWith("override 'backend=gpu': backend: "), override.getMessage());
        assertFalse(override.getMessage().contains("\n"));
    }

    @Test
    void overridesMeetTheChecksOfTheFile() {
        SweepConfig s = parse(BASE);
        UserInputException e = assertThrows(UserInputException.class,
                () -> Overrides.apply(s, List.of("method=random")));
        assertEquals("override method: run_cap: random search needs run_cap, the number of runs", e.getMessage());
        e = assertThrows(UserInputException.class,
                () -> Overrides.apply(s, List.of("method=random", "run_cap=1000000000")));
        assertTrue(e.getMessage().startsWith("override run_cap: must be at most 1000000"), e.getMessage());
        e = assertThrows(UserInputException.class, () -> SweepExpander.expand(Overrides.apply(s,
                List.of("loss=cross_entropy"))));
        assertTrue(e.getMessage().startsWith("override train.loss: cross_entropy needs a classification task"),
                e.getMessage());
        e = assertThrows(UserInputException.class, () -> SweepExpander.expand(Overrides.apply(s,
                List.of("n=2147483647"))));
        assertTrue(e.getMessage().startsWith("override task.n: the training inputs (N × d) would need"),
                e.getMessage());
        e = assertThrows(UserInputException.class, () -> Overrides.apply(s, List.of("lr=.nan")));
        assertTrue(e.getMessage().contains("train.lr: expected a positive number"), e.getMessage());
        // With run_cap in the same command line, random search over the file's values is fine, and a space of
        // 12 points yields 12 runs however large the cap.
        assertEquals(12, SweepExpander.expand(Overrides.apply(s, List.of("method=random", "run_cap=1000")))
                .size());
    }

    @Test
    void configsAreReadWithABoundBeforeParsing(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        UserInputException e = assertThrows(UserInputException.class,
                () -> SweepConfigLoader.load(Path.of("/dev/zero")));
        assertEquals("/dev/zero:1: file is larger than " + YamlTree.MAX_CHARS + " bytes; not a config",
                e.getMessage());
        Path big = tmp.resolve("big.yaml");
        java.nio.file.Files.writeString(big, "# x\n".repeat(YamlTree.MAX_CHARS / 4 + 1));
        e = assertThrows(UserInputException.class, () -> SweepConfigLoader.load(big));
        assertTrue(e.getMessage().endsWith("file is larger than " + YamlTree.MAX_CHARS + " bytes; not a config"));
        e = assertThrows(UserInputException.class, () -> SweepConfigLoader.load(tmp));
        assertEquals(tmp + ": is a directory, not a config file", e.getMessage());
    }
}
