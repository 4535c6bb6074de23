package dev.scalelab.cli.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.cli.Main;
import dev.scalelab.core.run.Provenance;
import dev.scalelab.core.run.SweepDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepCommandTest {
    private static final String CONFIG = """
            name: cli
            parameters:
              width: {values: [3, 5]}
              seed: {values: [1, 2]}
            task: {kind: teacher_student, n: 16, d: 3, test_size: 8}
            train: {steps: 20, log_every: 10}
            """;

    record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void runStatusTableAndResume(@TempDir Path tmp) throws IOException {
        Path config = tmp.resolve("cli.yaml");
        Files.writeString(config, CONFIG);
        Path out = tmp.resolve("out");
        Result r = run("sweep", "run", config.toString(), "--out", out.toString(), "-o", "lr=0.01,0.001");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("8 runs (0 complete before, 8 run in 2 jobs)"), r.out());
        String runId = new SweepDirectory(out).completedRunIds().iterator().next();
        assertEquals("scalelab sweep run " + config + " --out " + out + " -o lr=0.01,0.001",
                Provenance.read(new SweepDirectory(out).file(runId, SweepDirectory.PROVENANCE)).command(),
                "the command line as given, once");
        assertTrue(r.err().contains("sweep: 8/8 runs"), r.err()); // not a terminal: plain lines
        Result again = run("sweep", "run", config.toString(), "--out", out.toString(), "-o", "lr=0.01,0.001",
                "--json");
        assertEquals(0, again.code());
        assertTrue(again.out().contains("\"skipped\" : 8"), again.out());

        Result status = run("sweep", "status", out.toString());
        assertEquals(0, status.code());
        assertTrue(status.out().contains("8 runs: 8 done, 0 diverged, 0 failed, 0 pending"), status.out());

        Result csv = run("sweep", "table", out.toString());
        assertEquals(0, csv.code());
        List<String> lines = csv.out().lines().toList();
        assertEquals(9, lines.size());
        assertTrue(lines.get(0).startsWith("run_id,status,config.backend,"));
        assertTrue(lines.get(0).endsWith(",params,samples,flops,steps,final_train_loss,final_test_loss,"
                + "best_train_loss,best_test_loss,final_test_accuracy,wall_seconds"), lines.get(0));
        Result md = run("sweep", "table", out.toString(), "--format", "md");
        assertTrue(md.out().startsWith("| run_id | status |"));
        Result json = run("sweep", "table", out.toString(), "--format", "json");
        assertTrue(json.out().trim().startsWith("["));
    }

    @Test
    void plotWritesPictureAndTableOfMetrics(@TempDir Path tmp) throws IOException {
        Path config = tmp.resolve("saw.yaml");
        Files.writeString(config, """
                parameters:
                  width: {values: [2, 6]}
                  seed: {values: [1, 2]}
                task: {kind: sawtooth, n: 64, test_size: 33}
                train: {steps: 30, record_norms: 1, log_every: 30}
                """);
        Path out = tmp.resolve("out");
        assertEquals(0, run("sweep", "run", config.toString(), "--out", out.toString()).code());
        Result plot = run("sweep", "plot", out.toString(), "--x", "width", "--y", "layer1/w_fro", "--slope",
                "--out", tmp.resolve("plots").toString(), "--name", "p");
        assertEquals(0, plot.code(), plot.err());
        assertTrue(plot.out().contains("| mean over runs | 2 | 2 |"), plot.out());
        assertTrue(plot.out().contains("| mean over runs | 6 | 2 |"), plot.out());
        assertTrue(plot.out().contains("95% interval"), plot.out());
        assertTrue(Files.size(tmp.resolve("plots/p.png")) > 0 && Files.size(tmp.resolve("plots/p.svg")) > 0);
        Result table = run("sweep", "table", out.toString());
        assertTrue(table.out().lines().findFirst().orElseThrow().endsWith("wall_seconds,layer1/b_max,layer1/w_fro,"
                + "layer1/w_max,layer1/w_rel_change,layer2/b_max,layer2/w_fro,layer2/w_max,layer2/w_rel_change,pieces,"
                + "theta_max"), table.out());
        Result bad = run("sweep", "plot", out.toString(), "--x", "width", "--y", "nope");
        assertEquals(2, bad.code());
        assertTrue(bad.err().startsWith("error: no column 'nope' in the table (columns: run_id, status,"), bad.err());
    }

    @Test
    void userErrorsAreOneLineAndExitTwo(@TempDir Path tmp) throws IOException {
        Path config = tmp.resolve("cli.yaml");
        Files.writeString(config, CONFIG);
        Result backend = run("sweep", "run", config.toString(), "--backend", "tpu", "--out", tmp.resolve("o")
                .toString());
        assertEquals(2, backend.code());
        assertEquals("error: --backend: unknown backend 'tpu' (valid backends: cpu (alias nd4j), cuda, cuda-tf32, cuda-bf16)",
                backend.err().strip());
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, CONFIG.replace("[3, 5]", "[3, five]"));
        Result badConfig = run("sweep", "run", bad.toString());
        assertEquals(2, badConfig.code());
        assertEquals("error: " + bad + ":3: parameters.width.values[1]: expected a positive integer, got \"five\"",
                badConfig.err().strip());
        Result format = run("sweep", "table", tmp.toString(), "--format", "xls");
        assertEquals(2, format.code());
        assertTrue(format.err().contains("unknown table format 'xls'"), format.err());
        Result missing = run("sweep", "status", tmp.resolve("nope").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("no such sweep directory"), missing.err());
    }
}
