package dev.scalelab.pruning.imp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.core.UserInputException;
import dev.scalelab.core.run.BuildInfo;
import dev.scalelab.core.run.Provenance;
import dev.scalelab.core.run.RunLogs;
import dev.scalelab.core.run.RunSummary;
import dev.scalelab.core.task.TaskData;
import dev.scalelab.core.task.TaskFactory;
import dev.scalelab.engine.compute.Precision;
import dev.scalelab.engine.nd4j.Nd4jBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IMP end to end on a tiny task: schedule, layout, run-log files, masks that only shrink, resumability. */
class ImpRunnerTest {
    static final String CONFIG = """
            name: tiny
            task: {kind: random_classes, n: 256, d: 20, classes: 3, test_size: 128}
            model: {widths: [16, 8]}
            train: {optimizer: adam, lr: 0.01, batch_size: 32, steps: 30, log_every: 10}
            seeds: [1, 2]
            pruning: {strategy: layerwise, rate: 0.3, output_rate: 0.15, levels: 3, rewind_step: %d}
            controls: [reinit, random_pruning]
            """;

    private static List<LevelReport> run(ImpConfig cfg, Path dir, List<Boolean> resumed) throws Exception {
        TaskData data = new TaskFactory(Path.of("unused")).create(cfg.setup().task());
        try (Nd4jBackend backend = new Nd4jBackend(Precision.FP32)) {
            Provenance p = Provenance.of(new BuildInfo("test", BuildInfo.UNKNOWN, null), null,
                    new Provenance.Host("17", "v", "os", "arch", "host"), backend.provenance(), "test");
            return new ImpRunner(cfg, dir, data, backend, p, new ImpRunner.Listener() {
                @Override
                public void levelDone(LevelReport report, boolean wasResumed) {
                    resumed.add(wasResumed);
                }
            }).run();
        }
    }

    @Test
    void levelsFollowTheScheduleWriteRunLogsAndResume(@TempDir Path tmp) throws Exception {
        ImpConfig cfg = ImpConfig.parse(CONFIG.formatted(0), "tiny.yaml");
        Path dir = tmp.resolve("run");
        List<Boolean> resumed = new ArrayList<>();
        List<LevelReport> first = run(cfg, dir, resumed);
        assertEquals(List.of(false, false, false, false), resumed);
        DensitySchedule schedule = DensitySchedule.of(cfg.setup().model(), cfg.pruning(), 3);
        List<Mask> previous = null;
        for (LevelReport r : first) {
            assertEquals(schedule.kept(r.level()), r.kept(), "level " + r.level());
            for (int l = 0; l < 3; l++) {
                assertEquals(schedule.kept(r.level(), l), r.layers().get(l).kept());
            }
            Path level = dir.resolve("level_" + r.level());
            List<Mask> masks = LevelFiles.readMasks(level.resolve("masks.bin"), cfg.setup().model());
            if (previous != null) {
                for (int s = 0; s < masks.size(); s++) {
                    assertTrue(masks.get(s).within(previous.get(s)), "masks only shrink");
                }
            }
            previous = masks;
            for (String branch : cfg.branches(r.level())) {
                for (long seed : List.of(1L, 2L)) {
                    Path runLog = level.resolve(branch + "_s" + seed);
                    RunSummary s = RunLogs.read(runLog.resolve("summary.json"), RunSummary.class);
                    assertEquals(RunSummary.DONE, s.status());
                    assertEquals(30, s.steps());
                    assertTrue(s.finalTestAccuracy() != null);
                    assertTrue(Files.size(runLog.resolve("metrics.jsonl")) > 0);
                    assertTrue(Files.exists(runLog.resolve("provenance.json")));
                }
            }
            assertEquals(r.level() == 0 ? 1 : 3, r.testAccuracy().size());
        }
        assertTrue(Files.exists(dir.resolve("results.json")));

        // Everything complete: nothing retrains.
        resumed.clear();
        List<LevelReport> again = run(cfg, dir, resumed);
        assertEquals(List.of(true, true, true, true), resumed);
        assertEquals(first, again);

        // A level killed before its report: only that level reruns, and deterministically.
        Files.delete(dir.resolve("level_3").resolve("sparsity.json"));
        resumed.clear();
        List<LevelReport> redone = run(cfg, dir, resumed);
        assertEquals(List.of(true, true, true, false), resumed);
        assertEquals(first.get(3).testAccuracy(), redone.get(3).testAccuracy());
    }

    @Test
    void rewindingToAStepTrainsTheRemainingSteps(@TempDir Path tmp) throws Exception {
        ImpConfig cfg = ImpConfig.parse(CONFIG.formatted(10).replace("levels: 3", "levels: 1"), "tiny.yaml");
        Path dir = tmp.resolve("run");
        List<LevelReport> reports = run(cfg, dir, new ArrayList<>());
        assertEquals(2, reports.size());
        assertTrue(Files.exists(dir.resolve("rewind.bin")));
        RunSummary s = RunLogs.read(dir.resolve("level_1/ticket_s1/summary.json"), RunSummary.class);
        assertEquals(20, s.steps());
        assertNotEquals(ImpConfig.parse(CONFIG.formatted(0), "a").runId(), cfg.runId());
    }

    @Test
    void oneShotPrunesTheDenseTrainedNetworkToEachLevelsDensity(@TempDir Path tmp) throws Exception {
        ImpConfig cfg = ImpConfig.parse(CONFIG.formatted(0).replace("levels: 3,", "levels: 2, schedule: one_shot,")
                .replace("controls: [reinit, random_pruning]", "controls: []"), "tiny.yaml");
        Path dir = tmp.resolve("run");
        List<LevelReport> reports = run(cfg, dir, new ArrayList<>());
        List<Mask> dense = LevelFiles.readMasks(dir.resolve("level_0/masks.bin"), cfg.setup().model());
        for (int level = 1; level <= 2; level++) {
            List<Mask> masks = LevelFiles.readMasks(dir.resolve("level_" + level + "/masks.bin"), cfg.setup().model());
            // Level 2 keeps round-half-up of (1 - 0.7^2) = 51 % pruned of each hidden layer, from the dense net.
            long layer0 = 20 * 16;
            assertEquals(layer0 - PruningSpec.pruneCount(layer0, 1 - Math.pow(0.7, level)), masks.get(0).keptCount(0));
            assertTrue(masks.get(0).within(dense.get(0)));
            assertEquals(List.of("ticket"), List.copyOf(reports.get(level).testAccuracy().keySet()));
        }
    }

    @Test
    void runIdIgnoresNameAndDefaults() {
        ImpConfig a = ImpConfig.parse(CONFIG.formatted(0), "a.yaml");
        ImpConfig b = ImpConfig.parse(CONFIG.formatted(0).replace("name: tiny", "name: other")
                .replace("strategy: layerwise, ", ""), "b.yaml");
        assertEquals(a.runId(), b.runId());
    }

    @Test
    void configErrorsNameFileLineAndKey() {
        UserInputException e = assertThrows(UserInputException.class,
                () -> ImpConfig.parse(CONFIG.formatted(0).replace("rate: 0.3", "rat: 0.3"), "bad.yaml"));
        assertTrue(e.getMessage().startsWith("bad.yaml:6: pruning.rat: unknown key"), e.getMessage());
        e = assertThrows(UserInputException.class,
                () -> ImpConfig.parse(CONFIG.formatted(0).replace("rate: 0.3", "rate: 1.5"), "bad.yaml"));
        assertTrue(e.getMessage().startsWith("bad.yaml:6: pruning.rate: expected a number in [0, 1), got 1.5"),
                e.getMessage());
        e = assertThrows(UserInputException.class,
                () -> ImpConfig.parse(CONFIG.formatted(0).replace("[reinit, random_pruning]", "[reinit, shuffle]"),
                        "bad.yaml"));
        assertTrue(e.getMessage().startsWith("bad.yaml:7: controls[1]: expected one of reinit, random_pruning, got "
                + "\"shuffle\""), e.getMessage());
        e = assertThrows(UserInputException.class,
                () -> ImpConfig.parse(CONFIG.formatted(40), "bad.yaml"));
        assertTrue(e.getMessage().contains("pruning.rewind_step: must be below train.steps"), e.getMessage());
        e = assertThrows(UserInputException.class,
                () -> ImpConfig.parse(CONFIG.formatted(0).replace("kind: random_classes", "kind: imagenet"),
                        "bad.yaml"));
        assertTrue(e.getMessage().startsWith("bad.yaml:2: task.kind:"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }
}
