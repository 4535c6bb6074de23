package dev.scalelab.cli;

import dev.scalelab.pruning.TinyImpConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.core.run.Provenance;
import dev.scalelab.core.run.RunLogs;
import dev.scalelab.engine.cuda.FakeCudaLibrary;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the GPU bundle runs, run as the GPU bundle has it: child JVMs whose class path holds no ND4J, DL4J,
 * JavaCPP or OpenBLAS jar, on the fake CUDA library ({@link FakeCudaLibrary}; skipped without g++). A sweep,
 * {@code prune imp} and {@code prune subset-sum} on reduced configs, and {@code fit} on the sweep's and the IMP
 * output all run with {@code backend: cuda}, and no provenance.json they write names ND4J.
 */
class WithoutNd4jTest {
    /** ND4J, DL4J, JavaCPP and OpenBLAS jars by name, and every jar of their Maven groups (ND4J's own protobuf…). */
    private static final Pattern ND4J_JARS = Pattern.compile(
            ".*(/org/nd4j/|/org/deeplearning4j/|/org/bytedeco/|/(nd4j|deeplearning4j|javacpp|openblas)[-_][^/]*\\.jar$).*");

    private static Path fakeCuda;
    private static String classPath;

    @BeforeAll
    static void setUp() throws Exception {
        fakeCuda = FakeCudaLibrary.build(Path.of("..", "engine-cuda"), Path.of("target", "fake-cuda").toAbsolutePath());
        Assumptions.assumeTrue(fakeCuda != null, "g++ is not on the PATH");
        List<String> all = Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
        List<String> kept = all.stream().filter(e -> !ND4J_JARS.matcher(e.replace(File.separatorChar, '/')).matches())
                .toList();
        assertTrue(kept.size() < all.size(), "the test's own class path has ND4J to leave out: " + all);
        assertTrue(kept.stream().noneMatch(e -> e.toLowerCase(Locale.ROOT).contains("nd4j")), kept.toString());
        classPath = String.join(File.pathSeparator, kept);
    }

    @Test
    void theCpuBackendSaysInOneLineThatNd4jIsMissing(@TempDir Path tmp) throws Exception {
        Run r = scalelab(tmp, "memorize", "--backend", "cpu", "--widths", "2", "--seeds", "1", "--steps", "1");
        assertEquals(2, r.exit(), r.output());
        assertTrue(r.err().startsWith("error: --backend cpu: ND4J is not in this installation"), r.output());
        assertFalse(r.output().contains("\tat "), r.output());
    }

    @Test
    void sweepAndFitRunWithoutNd4j(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("grid.yaml"), """
                name: grid
                parameters:
                  width: {values: [2, 4, 8, 16]}
                task: {kind: teacher_student, n: 64, d: 4, test_size: 32, teacher_width: 8}
                train: {steps: 40, log_every: 20, lr: 0.01}
                """);
        Run sweep = scalelab(tmp, "sweep", "run", "grid.yaml", "--out", "runs/grid", "-o", "backend=cuda");
        assertEquals(0, sweep.exit(), sweep.output());
        List<Path> provenance = provenanceFiles(tmp.resolve("runs/grid"));
        assertEquals(4, provenance.size(), provenance.toString());
        assertNoNd4j(provenance);
        Provenance p = Provenance.read(provenance.get(0));
        assertEquals("cuda", p.backend());
        assertEquals("scalelab sweep run grid.yaml --out runs/grid -o backend=cuda", p.command());
        assertTrue(p.libraries().containsKey("cublas") && p.threads() == null, p.toString());

        Run fit = scalelab(tmp, "fit", "runs/grid", "--form", "power", "--bootstrap", "0", "--json");
        assertEquals(0, fit.exit(), fit.output());
        assertEquals(4, RunLogs.JSON.readTree(fit.out()).get("data").get("points").asInt(), fit.output());
    }

    @Test
    void benchRunsWithoutNd4jAndSkipsTheCpuBackendInOneLine(@TempDir Path tmp) throws Exception {
        Run bench = scalelab(tmp, "bench", "backends", "--backends", "cpu,cuda", "--widths", "8", "--models", "1",
                "--depth", "1", "--input", "4", "--batch", "8", "--steps", "1", "--warmup", "1", "--peak-size", "16",
                "--out", "bench", "--json");
        assertEquals(0, bench.exit(), bench.output());
        var doc = RunLogs.JSON.readTree(bench.out());
        assertTrue(doc.get("unavailable").get("cpu").asText().startsWith("--backend cpu: ND4J is not in this "
                + "installation"), doc.toString());
        assertTrue(doc.get("points").size() >= 1 && doc.get("points").get(0).get("backend").asText().equals("cuda"),
                doc.toString());
    }

    /**
     * With ND4J on the class path, a CUDA sweep still loads no ND4J class: backend selection, provenance and
     * thread tuning touch ND4J only when the CPU backend is the one chosen.
     */
    @Test
    void aCudaSweepLoadsNoNd4jClassEvenWhenNd4jIsInstalled(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("grid.yaml"), """
                parameters:
                  width: {values: [2, 4]}
                task: {kind: teacher_student, n: 32, d: 4, test_size: 16}
                train: {steps: 10, log_every: 10}
                """);
        Run sweep = run(tmp, System.getProperty("java.class.path"), List.of("-Xlog:class+load=info"), "sweep", "run",
                "grid.yaml", "--out", "runs/grid", "-o", "backend=cuda");
        assertEquals(0, sweep.exit(), sweep.output());
        assertTrue(sweep.out().contains("dev.scalelab.engine.cuda.CudaBackend "), "class loading is logged");
        assertFalse(sweep.out().contains("org.nd4j."), sweep.out().lines().filter(l -> l.contains("org.nd4j."))
                .limit(5).toList().toString());
    }

    @Test
    void pruneImpFitOnItAndSubsetSumRunWithoutNd4j(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("imp.yaml"), "backend: cuda\n"
                + TinyImpConfig.with("name", "tiny-imp", "levels", "3", "controls", null));
        Run imp = scalelab(tmp, "prune", "imp", "imp.yaml", "--out", "imp", "--json");
        assertEquals(0, imp.exit(), imp.output());
        List<Path> impProvenance = provenanceFiles(tmp.resolve("imp"));
        assertEquals(10, impProvenance.size(), "the ticket at levels 0-3, the two controls at 1-3: " + impProvenance);
        assertNoNd4j(impProvenance);
        assertEquals("scalelab prune imp imp.yaml --out imp --json", Provenance.read(impProvenance.get(0)).command());

        Run fit = scalelab(tmp, "fit", "imp", "--form", "power", "--no-irreducible", "--bootstrap", "0", "--json");
        assertEquals(0, fit.exit(), fit.output());
        assertEquals(10, RunLogs.JSON.readTree(fit.out()).get("data").get("points").asInt(), fit.output());

        Files.writeString(tmp.resolve("ss.yaml"), """
                name: tiny-ss
                backend: cuda
                task: {kind: random_classes, n: 256, d: 8, classes: 3, test_size: 128}
                model: {widths: [6]}
                train: {optimizer: adam, lr: 0.01, batch_size: 32, steps: 50}
                seeds: [2]
                construction: {n: 21, epsilon: 0.01, seed: 3, threads: 2}
                """);
        Run ss = scalelab(tmp, "prune", "subset-sum", "ss.yaml", "--out", "ss", "--json");
        assertEquals(0, ss.exit(), ss.output());
        List<Path> ssProvenance = provenanceFiles(tmp.resolve("ss"));
        assertFalse(ssProvenance.isEmpty(), ss.output());
        assertNoNd4j(ssProvenance);
        assertEquals("cuda", Provenance.read(ssProvenance.get(0)).backend());
    }

    private static void assertNoNd4j(List<Path> provenance) throws IOException {
        for (Path f : provenance) {
            String text = Files.readString(f).toLowerCase(Locale.ROOT);
            assertFalse(text.contains("nd4j") || text.contains("openblas"), f + ":\n" + text);
        }
    }

    private static List<Path> provenanceFiles(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.getFileName().toString().equals("provenance.json")).sorted().toList();
        }
    }

    /** Exit code, stdout, stderr; {@link #output()} is both, for messages. */
    private record Run(int exit, String out, String err) {
        String output() {
            return out + err;
        }
    }

    /** {@code scalelab ARGS} in a child JVM started in {@code dir}, as the bundle's launcher would start it. */
    private static Run scalelab(Path dir, String... args) throws IOException, InterruptedException {
        return run(dir, classPath, List.of(), args);
    }

    private static Run run(Path dir, String classPath, List<String> jvmOptions, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", classPath, "-Dscalelab.program=scalelab", Main.class.getName()));
        cmd.addAll(List.of(args));
        Path stderr = Files.createTempFile(dir, "stderr", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(stderr.toFile());
        pb.environment().put("LD_LIBRARY_PATH", fakeCuda.toString());
        pb.environment().put("SCALELAB_CACHE", Path.of("target", "fake-cuda-cache-no-nd4j").toAbsolutePath()
                .toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "timed out: " + cmd);
        return new Run(p.exitValue(), out, Files.readString(stderr));
    }
}
