package dev.scalelab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.core.run.IndexEntry;
import dev.scalelab.core.run.JsonLines;
import dev.scalelab.core.run.RunSummary;
import dev.scalelab.core.run.SweepDirectory;
import dev.scalelab.core.run.TestHold;
import dev.scalelab.core.util.AvailableMemory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults and hostile input, round 3 (issue 25): each gets one line {@code error: …}, exit 2, nothing lost and
 * nothing written outside --out.
 */
class FaultCasesTest {
    private static final String SWEEP = """
            name: f
            parameters:
              width: {values: [2, 3]}
              seed: {values: [1, 2]}
            task: {kind: random_regression, n: 8, d: 2, test_size: 4}
            train: {steps: 20, log_every: 1}
            """;

    private static Path sweep(Path tmp, Path out) throws IOException {
        Path config = tmp.resolve("f.yaml");
        if (!Files.exists(config)) {
            Files.writeString(config, SWEEP);
        }
        CliRun.of("sweep", "run", config.toString(), "--out", out.toString()).assertOk();
        return config;
    }

    private static List<Path> runDirs(Path out) throws IOException {
        try (Stream<Path> s = Files.list(out)) {
            return s.filter(p -> p.getFileName().toString().matches("[0-9a-f]{12}")).sorted().toList();
        }
    }

    @Test
    void aRunDirectoryThatIsASymlinkOutOfOutIsRefusedAndWhatItPointsAtIsUntouched(@TempDir Path tmp)
            throws IOException {
        Path out = tmp.resolve("out");
        Path config = sweep(tmp, out);
        Path run = runDirs(out).get(0);
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("precious.txt"), "keep me");
        deleteTree(run);
        Files.createSymbolicLink(run, elsewhere);
        CliRun.of("sweep", "run", config.toString(), "--out", out.toString())
                .assertOneLineError(run + ": run directory is a symbolic link");
        assertEquals("keep me", Files.readString(elsewhere.resolve("precious.txt")));
        try (Stream<Path> s = Files.list(elsewhere)) {
            assertEquals(1, s.count(), "nothing written through the link");
        }
    }

    @Test
    void sweepPlotNamesAreOneSafeComponent(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out");
        sweep(tmp, out);
        Path plots = tmp.resolve("plots");
        for (String name : List.of("../../x", tmp.resolve("abs").toString(), "a/b", ".hidden")) {
            CliRun.of("sweep", "plot", out.toString(), "--x", "width", "--y", "final_train_loss", "--out",
                    plots.toString(), "--name", name).assertOneLineError("--name: ");
        }
        assertFalse(Files.exists(tmp.resolve("abs.png")));
        assertFalse(Files.exists(plots), "nothing drawn");
    }

    @Test
    void mergeRefusesATargetInsideASourceAndASourceInsideTheTarget(@TempDir Path tmp) throws IOException {
        Path m1 = tmp.resolve("m1");
        sweep(tmp, m1);
        CliRun.of("sweep", "merge", m1.toString(), "--into", m1.resolve("sub").toString())
                .assertOneLineError("is inside the source");
        assertFalse(Files.exists(m1.resolve("sub")));
        CliRun.of("sweep", "merge", m1.toString(), "--into", tmp.toString())
                .assertOneLineError("is inside the --into directory");
        assertEquals(4, new SweepDirectory(m1).completedRunIds().size());
    }

    @Test
    void anotherSweepOrAFolderOfOtherFilesIsRefusedAsOut(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out");
        sweep(tmp, out);
        Path other = Files.writeString(tmp.resolve("g.yaml"), SWEEP.replace("name: f", "name: g"));
        CliRun.of("sweep", "run", other.toString(), "--out", out.toString())
                .assertOneLineError("holds sweep 'f'");
        assertEquals(4, runDirs(out).size(), "nothing mixed in");

        Path mine = Files.createDirectories(tmp.resolve("my-documents"));
        Files.writeString(mine.resolve("thesis.tex"), "\\documentclass{article}");
        CliRun.of("sweep", "run", other.toString(), "--out", mine.toString())
                .assertOneLineError("is not a sweep directory");
        try (Stream<Path> s = Files.list(mine)) {
            assertEquals(List.of(mine.resolve("thesis.tex")), s.toList());
        }
    }

    @Test
    void badScalelabVariablesAreOneLineBeforeAnythingRuns(@TempDir Path tmp) throws IOException {
        Path config = Files.writeString(tmp.resolve("f.yaml"), SWEEP);
        Path out = tmp.resolve("out");
        for (String bad : List.of("garbage", "-1", "0", "99999999999999")) {
            CliRun.in(Map.of("SCALELAB_STEPS_PER_LAUNCH", bad), "sweep", "run", config.toString(), "--out",
                    out.toString()).assertOneLineError("$SCALELAB_STEPS_PER_LAUNCH");
        }
        CliRun.in(Map.of("SCALELAB_CUDA_GRAPHS", "yes"), "--version").assertOneLineError("$SCALELAB_CUDA_GRAPHS");
        CliRun.in(Map.of("SCALELAB_CUDA_FUSD", "0"), "--version")
                .assertOneLineError("$SCALELAB_CUDA_FUSD is not a ScaleLab variable");
        assertFalse(Files.exists(out), "nothing written, no run recorded as failed");
        CliRun.in(Map.of("SCALELAB_STEPS_PER_LAUNCH", "8"), "sweep", "run", config.toString(), "--out",
                out.toString()).assertOk();
        assertEquals(4, new SweepDirectory(out).completedRunIds().size());
    }

    @Test
    void oversizedMemorizeIsRefusedBeforeAllocating() {
        long need = 304_000_000_000L;
        Assumptions.assumeTrue(AvailableMemory.availableBytes().orElse(Long.MAX_VALUE) < need, "a machine this big");
        CliRun.of("memorize", "--widths", "100000", "--seeds", "1000", "--steps", "2")
                .assertOneLineError("use fewer --seeds or smaller --widths");
    }

    @Test
    void aBackendThatIsNotHereIsOneLineAndLeavesNothingBehind(@TempDir Path tmp) throws IOException {
        Assumptions.assumeFalse(Files.exists(Path.of("/dev/nvidiactl")), "a machine without a GPU");
        Path config = Files.writeString(tmp.resolve("f.yaml"), SWEEP);
        Path out = tmp.resolve("out");
        CliRun.of("sweep", "run", config.toString(), "--out", out.toString(), "--backend", "cuda")
                .assertOneLineError("");
        assertFalse(Files.exists(out), "no sweep.json, no directory");
        CliRun sawtooth = CliRun.of("sawtooth", "--max-k", "2", "--backend", "cuda").assertOneLineError("");
        assertEquals("", sawtooth.out(), "no table header before the error");
    }

    @Test
    void shardCountsAreBounded(@TempDir Path tmp) throws IOException {
        Path config = Files.writeString(tmp.resolve("f.yaml"), SWEEP);
        Path out = tmp.resolve("out");
        CliRun.of("sweep", "run", config.toString(), "--out", out.toString(), "--shard", "0/2147483647")
                .assertOneLineError("N is at most 100000");
        CliRun.of("sweep", "run", config.toString(), "--out", out.toString(), "--shard", "0/2147483648")
                .assertOneLineError("N is too large");
        CliRun.of("sweep", "run", config.toString(), "--out", out.toString(), "--shard", "0/1000000000")
                .assertOneLineError("N is at most 100000");
        CliRun.of("sweep", "run", config.toString(), "--out", out.toString(), "--shard", "3/100000").assertOk();
    }

    /** A 2 MiB line in one run's metrics.jsonl costs that run's curve with one counted warning, not the fit. */
    @Test
    void anOverlongMetricsLineSkipsThatCurveWithOneWarning(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out");
        Path config = Files.writeString(tmp.resolve("f.yaml"), SWEEP.replace("values: [2, 3]", "values: [2, 3, 4]"));
        CliRun.of("sweep", "run", config.toString(), "--out", out.toString()).assertOk();
        Path metrics = runDirs(out).get(0).resolve(SweepDirectory.METRICS);
        Files.writeString(metrics, "{\"step\":1,\"note\":\"" + "x".repeat(2 << 20) + "\"}\n"
                + Files.readString(metrics));
        CliRun fit = CliRun.of("fit", out.toString(), "--form", "power", "--bootstrap", "0");
        List<String> warnings = fit.err().lines().filter(l -> l.contains("metrics.jsonl")).toList();
        assertEquals(List.of("warning: 1 run(s) have a metrics.jsonl that cannot be read (a corrupt line, or one "
                + "over 1 MiB): their loss curves are left out"), warnings, fit.err());
        CliRun table = CliRun.of("sweep", "table", out.toString());
        table.assertOk();
        assertEquals(7, table.out().lines().count(), "the run's summary still counts: " + table.out());
        CliRun.of("fit", "/dev/zero", "--form", "power").assertOneLineError("/dev/zero: not a regular file");
    }

    @Test
    void k8sMountsThatWouldHideSystemFoldersAreRefused(@TempDir Path tmp) throws IOException {
        Path config = Files.writeString(tmp.resolve("f.yaml"), SWEEP);
        for (String mount : List.of("/", "/etc", "/usr", "/etc/scalelab", "/opt", "/proc/x")) {
            CliRun.of("sweep", "emit", "k8s", config.toString(), "--tasks", "2", "--image", "scalelab:1",
                    "--mount", mount, "--out", (mount.equals("/") ? "" : mount) + "/sweeps/f")
                    .assertOneLineError("--mount " + mount + ": would hide ");
        }
        CliRun.of("sweep", "emit", "k8s", config.toString(), "--tasks", "2", "--image", "scalelab:1",
                "--mount", "/data", "--out", "/data/f").assertOk();
    }

    @Test
    void budgetsAboveTheMaximumAreRefusedNotClamped(@TempDir Path tmp) throws IOException {
        Path config = Files.writeString(tmp.resolve("f.yaml"), SWEEP);
        CliRun.of("sweep", "run", config.toString(), "--out", tmp.resolve("o").toString(), "-o", "steps=0", "-o",
                "epochs=1e15", "-o", "batch_size=1").assertOneLineError("train.epochs");
        CliRun.of("sweep", "run", config.toString(), "--out", tmp.resolve("o").toString(), "-o", "steps=0")
                .assertOneLineError("train.steps and train.epochs are both 0");
        assertFalse(Files.exists(tmp.resolve("o")));
    }

    @Test
    void taskErrorsNameTheirOwnKey(@TempDir Path tmp) throws IOException {
        Path config = Files.writeString(tmp.resolve("f.yaml"), SWEEP);
        CliRun.of("sweep", "run", config.toString(), "-o", "task.d=0").assertOneLineError("task.d");
        CliRun.of("sweep", "run", config.toString(), "-o", "task.test_size=-1")
                .assertOneLineError("task.test_size");
    }

    @Test
    void aGarbageIndexIsRebuiltFromTheRunDirectories(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out");
        Path config = sweep(tmp, out);
        Path index = out.resolve(SweepDirectory.INDEX);
        List<String> lines = Files.readAllLines(index);
        Files.write(index, List.of(lines.get(0), "%% garbage %%", lines.get(1)));
        CliRun.of("sweep", "run", config.toString(), "--out", out.toString()).assertOk();
        List<IndexEntry> entries = JsonLines.read(index, IndexEntry.class).records();
        assertEquals(4, entries.size());
    }

    @Test
    void aSummaryThatIsADirectoryIsRefusedBeforeTrainingNamingIt(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out");
        Path config = sweep(tmp, out);
        Path run = runDirs(out).get(0);
        Files.delete(run.resolve(SweepDirectory.SUMMARY));
        Files.createDirectory(run.resolve(SweepDirectory.SUMMARY));
        CliRun r = CliRun.of("sweep", "run", config.toString(), "--out", out.toString())
                .assertOneLineError(run.resolve(SweepDirectory.SUMMARY) + ": a directory");
        assertFalse(r.err().contains(".tmp"), r.err());
    }

    @Test
    void outAsADanglingSymlinkOrALoopIsNamed(@TempDir Path tmp) throws IOException {
        Path config = Files.writeString(tmp.resolve("f.yaml"), SWEEP);
        Path dangling = Files.createSymbolicLink(tmp.resolve("dangling"), tmp.resolve("nowhere"));
        CliRun.of("sweep", "run", config.toString(), "--out", dangling.toString())
                .assertOneLineError("a symbolic link to nothing");
        Path loop = Files.createSymbolicLink(tmp.resolve("loop"), tmp.resolve("loop"));
        CliRun.of("sweep", "run", config.toString(), "--out", loop.toString())
                .assertOneLineError("a symbolic link to nothing");
    }

    /**
     * SIGTERM (a scheduler's, or Ctrl-C's SIGINT: the same shutdown) in the middle of a sweep: one line saying what
     * is kept and how to resume, and the same command resumes. The child is held at its second metrics line so the
     * signal lands mid-run whatever the machine's speed.
     */
    @Test
    void aTerminatedSweepSaysWhatIsKeptAndHowToResume(@TempDir Path tmp) throws Exception {
        Path config = Files.writeString(tmp.resolve("f.yaml"), SWEEP);
        Path out = tmp.resolve("out");
        Path marker = tmp.resolve("held");
        Path err = tmp.resolve("err.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cache = System.getProperty("org.bytedeco.javacpp.cachedir",
                Path.of("target", "javacpp-cache").toAbsolutePath().toString());
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx384m", "-XX:TieredStopAtLevel=1",
                "-Dorg.bytedeco.javacpp.cachedir=" + cache, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "sweep", "run", config.toString(), "--out", out.toString())
                .redirectError(err.toFile()).redirectOutput(tmp.resolve("out.log").toFile());
        pb.environment().put(TestHold.ENV, "metrics:2@" + marker);
        Process child = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (!Files.exists(marker)) {
            assertTrue(child.isAlive(), "the sweep ended before its hold point: " + Files.readString(err));
            assertTrue(System.nanoTime() < deadline, "hold point not reached in 180 s");
            Thread.sleep(20);
        }
        child.destroy(); // SIGTERM
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        assertEquals(143, child.exitValue());
        String said = Files.readString(err);
        assertTrue(said.contains("sweep: interrupted; every run with a summary.json in " + out + " is kept (runs in "
                + "flight are redone): run the same command again to resume"), said);
        CliRun.of("sweep", "run", config.toString(), "--out", out.toString()).assertOk();
        assertEquals(4, new SweepDirectory(out).completedRunIds().size());
    }

    /**
     * A sweep on a small tmpfs that fills up: one line naming a path on it, no summary or index line half written,
     * and once space is freed a resume completes every run exactly as an uninterrupted sweep does.
     */
    @Test
    void aFullDiskStopsTheSweepInOneLineAndAResumeFinishesItExactly(@TempDir Path tmp) throws Exception {
        Path config = Files.writeString(tmp.resolve("f.yaml"), SWEEP.replace("values: [1, 2]", "values: [1, 2, 3, "
                + "4, 5, 6]").replace("steps: 20", "steps: 300"));
        Path reference = tmp.resolve("reference");
        CliRun.of("sweep", "run", config.toString(), "--out", reference.toString()).assertOk();
        Path disk = Files.createDirectories(tmp.resolve("disk"));
        Assumptions.assumeTrue(mount(disk, "size=160k"), "needs root and tmpfs (mount -t tmpfs) to fill a disk");
        try {
            Path out = disk.resolve("out");
            CliRun full = CliRun.of("sweep", "run", config.toString(), "--out", out.toString());
            assertEquals(2, full.code(), full.err());
            List<String> errors = full.err().lines().filter(l -> !l.startsWith("sweep: ")).toList();
            assertEquals(1, errors.size(), "one line besides the progress lines: " + full.err());
            assertTrue(errors.get(0).startsWith("error: " + disk) && errors.get(0).contains("No space left on "
                    + "device"), errors.get(0));
            SweepDirectory dir = new SweepDirectory(out);
            int complete = dir.completedRunIds().size();
            assertTrue(complete < 12, complete + " runs complete on a full disk");
            assertTrue(dir.scan().unreadable().isEmpty(), "no half-written summary: " + dir.scan().unreadable());
            for (IndexEntry e : JsonLines.read(out.resolve(SweepDirectory.INDEX), IndexEntry.class).records()) {
                assertTrue(dir.isComplete(e.runId()), "indexed only when complete: " + e.runId());
            }
            assertTrue(mount(disk, "remount,size=8m"), "remount with room");
            CliRun.of("sweep", "run", config.toString(), "--out", out.toString()).assertOk();
            Map<String, RunSummary> expected = new SweepDirectory(reference).summaries();
            Map<String, RunSummary> actual = dir.summaries();
            assertEquals(expected.keySet(), actual.keySet());
            for (String id : expected.keySet()) {
                assertEquals(comparable(expected.get(id)), comparable(actual.get(id)), id);
                assertEquals(Files.readAllLines(reference.resolve(id).resolve(SweepDirectory.METRICS)).size(),
                        Files.readAllLines(out.resolve(id).resolve(SweepDirectory.METRICS)).size(), id);
            }
            assertEquals(12, JsonLines.read(out.resolve(SweepDirectory.INDEX), IndexEntry.class).records().size());
        } finally {
            new ProcessBuilder("umount", disk.toString()).start().waitFor();
        }
    }

    private static boolean mount(Path dir, String options) throws IOException, InterruptedException {
        if (!"root".equals(System.getProperty("user.name"))) {
            return false;
        }
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", options, "tmpfs", dir.toString())
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor() == 0;
    }

    private static RunSummary comparable(RunSummary s) {
        return new RunSummary(s.schemaVersion(), s.runId(), s.status(), s.params(), s.samples(), s.flops(), s.steps(),
                s.finalTrainLoss(), s.finalTestLoss(), s.bestTrainLoss(), s.bestTestLoss(), s.finalTestAccuracy(),
                s.reachedTarget(), s.divergedAtStep(), s.error(), 0, new TreeMap<>(s.config()), s.metrics());
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
