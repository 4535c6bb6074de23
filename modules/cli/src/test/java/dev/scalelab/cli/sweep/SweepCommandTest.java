package dev.scalelab.cli.sweep;

import dev.scalelab.cli.CliRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.core.run.Provenance;
import dev.scalelab.core.run.SweepDirectory;
import java.io.IOException;
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

    @Test
    void runStatusTableAndResume(@TempDir Path tmp) throws IOException {
        Path config = tmp.resolve("cli.yaml");
        Files.writeString(config, CONFIG);
        Path out = tmp.resolve("out");
        CliRun r = CliRun.of("sweep", "run", config.toString(), "--out", out.toString(), "-o", "lr=0.01,0.001");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("8 runs (0 complete before, 8 run in 2 jobs)"), r.out());
        String runId = new SweepDirectory(out).completedRunIds().iterator().next();
        assertEquals("scalelab sweep run " + config + " --out " + out + " -o lr=0.01,0.001",
                Provenance.read(new SweepDirectory(out).file(runId, SweepDirectory.PROVENANCE)).command(),
                "the command line as given, once");
        assertTrue(r.err().contains("sweep: 8/8 runs"), r.err()); // not a terminal: plain lines
        CliRun again = CliRun.of("sweep", "run", config.toString(), "--out", out.toString(), "-o", "lr=0.01,0.001",
                "--json");
        assertEquals(0, again.code());
        assertTrue(again.out().contains("\"skipped\" : 8"), again.out());

        CliRun status = CliRun.of("sweep", "status", out.toString());
        assertEquals(0, status.code());
        assertTrue(status.out().contains("8 runs: 8 done, 0 diverged, 0 failed, 0 pending"), status.out());

        CliRun csv = CliRun.of("sweep", "table", out.toString(), "--columns", "all");
        assertEquals(0, csv.code());
        List<String> lines = csv.out().lines().toList();
        assertEquals(9, lines.size());
        assertTrue(lines.get(0).startsWith("run_id,status,config.backend,"));
        assertTrue(lines.get(0).endsWith(",params,samples,flops,steps,final_train_loss,final_test_loss,"
                + "best_train_loss,best_test_loss,final_test_accuracy,wall_seconds"), lines.get(0));
        // By default only what varies (lr, seed, width and the results), and always the fitter's columns.
        CliRun varying = CliRun.of("sweep", "table", out.toString());
        String header = varying.out().lines().findFirst().orElseThrow();
        assertTrue(header.startsWith("run_id,status,config.model.seed,config.model.width,config.train.lr,params,"
                + "samples,flops,"), header);
        assertFalse(header.contains("config.backend") || header.contains("final_test_accuracy"), header);
        CliRun md = CliRun.of("sweep", "table", out.toString(), "--format", "md");
        assertTrue(md.out().startsWith("The same in every run (not shown below; --columns all shows them): "
                + "config.backend = cpu,"), md.out());
        // --columns by table name or short name, in the order given; --sort by value, :desc.
        CliRun sorted = CliRun.of("sweep", "table", out.toString(), "--columns", "width,lr,run_id", "--sort", "lr:desc");
        assertEquals(0, sorted.code(), sorted.err());
        List<String> rows = sorted.out().lines().toList();
        assertEquals("config.model.width,config.train.lr,run_id", rows.get(0));
        assertTrue(rows.subList(1, 5).stream().allMatch(row -> row.contains(",0.01,")), sorted.out());
        assertTrue(rows.subList(5, 9).stream().allMatch(row -> row.contains(",0.001,")), sorted.out());
        CliRun bySize = CliRun.of("sweep", "table", out.toString(), "--columns", "width", "--sort", "width");
        assertEquals(List.of("config.model.width", "3", "3", "3", "3", "5", "5", "5", "5"),
                bySize.out().lines().toList());
        CliRun badColumn = CliRun.of("sweep", "table", out.toString(), "--columns", "width,nope");
        assertEquals(2, badColumn.code());
        assertTrue(badColumn.err().startsWith("error: --columns: no column 'nope' in the table of 8 runs (columns: "),
                badColumn.err());
        CliRun badSort = CliRun.of("sweep", "table", out.toString(), "--sort", "nope:desc");
        assertEquals(2, badSort.code());
        assertTrue(badSort.err().startsWith("error: --sort: no column 'nope'"), badSort.err());
        CliRun mdAll = CliRun.of("sweep", "table", out.toString(), "--format", "md", "--columns", "all");
        assertTrue(mdAll.out().startsWith("| run_id | status |"));
        CliRun json = CliRun.of("sweep", "table", out.toString(), "--format", "json");
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
        assertEquals(0, CliRun.of("sweep", "run", config.toString(), "--out", out.toString()).code());
        CliRun plot = CliRun.of("sweep", "plot", out.toString(), "--x", "width", "--y", "layer1/w_fro", "--slope",
                "--out", tmp.resolve("plots").toString(), "--name", "p");
        assertEquals(0, plot.code(), plot.err());
        assertTrue(plot.out().contains("| mean over runs | 2 | 2 |"), plot.out());
        assertTrue(plot.out().contains("| mean over runs | 6 | 2 |"), plot.out());
        assertTrue(plot.out().contains("95% interval"), plot.out());
        assertTrue(Files.size(tmp.resolve("plots/p.png")) > 0 && Files.size(tmp.resolve("plots/p.svg")) > 0);
        CliRun table = CliRun.of("sweep", "table", out.toString(), "--columns", "all");
        assertTrue(table.out().lines().findFirst().orElseThrow().endsWith("wall_seconds,layer1/b_max,layer1/w_fro,"
                + "layer1/w_max,layer1/w_rel_change,layer2/b_max,layer2/w_fro,layer2/w_max,layer2/w_rel_change,pieces,"
                + "theta_max,weight_drift_max"), table.out());
        CliRun bad = CliRun.of("sweep", "plot", out.toString(), "--x", "width", "--y", "nope");
        assertEquals(2, bad.code());
        assertTrue(bad.err().startsWith("error: no column 'nope' in the table (columns: run_id, status,"), bad.err());
    }

    @Test
    void userErrorsAreOneLineAndExitTwo(@TempDir Path tmp) throws IOException {
        Path config = tmp.resolve("cli.yaml");
        Files.writeString(config, CONFIG);
        CliRun backend = CliRun.of("sweep", "run", config.toString(), "--backend", "tpu", "--out", tmp.resolve("o")
                .toString());
        assertEquals(2, backend.code());
        assertEquals("error: --backend: unknown backend 'tpu' (valid backends: cpu (alias nd4j), cuda, cuda-tf32, cuda-bf16)",
                backend.err().strip());
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, CONFIG.replace("[3, 5]", "[3, five]"));
        CliRun badConfig = CliRun.of("sweep", "run", bad.toString());
        assertEquals(2, badConfig.code());
        assertEquals("error: " + bad + ":3: parameters.width.values[1]: expected a positive integer, got \"five\"",
                badConfig.err().strip());
        CliRun format = CliRun.of("sweep", "table", tmp.toString(), "--format", "xls");
        assertEquals(2, format.code());
        assertTrue(format.err().contains("unknown table format 'xls'"), format.err());
        CliRun missing = CliRun.of("sweep", "status", tmp.resolve("nope").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("no such sweep directory"), missing.err());
    }
}
