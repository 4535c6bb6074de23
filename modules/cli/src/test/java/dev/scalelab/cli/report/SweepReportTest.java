package dev.scalelab.cli.report;

import dev.scalelab.cli.CliRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scalelab.core.run.RunLogs;
import dev.scalelab.core.run.RunScan;
import dev.scalelab.core.run.RunSummary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sweep report} on the committed golden sweeps (core's: done, diverged and failed runs; scaling's: eleven
 * complete runs and one in flight) and on synthetic sweeps: the page names no network address, its embedded JSON
 * gives back exactly the table {@code sweep table --columns all} prints, and its size stays in bounds.
 */
class SweepReportTest {
    static final Path GOLDEN = Path.of("../core/src/test/resources/example-sweep");
    static final Path GOLDEN_FIT = Path.of("../scaling/src/test/resources/example-sweep");

    /** The document embedded in a report page. */
    static JsonNode embedded(String html) throws IOException {
        Matcher m = Pattern.compile("<script type=\"application/json\" id=\"report-data\" data-encoding=\"([a-z0-9-]+)\">"
                + "(.*?)</script>", Pattern.DOTALL).matcher(html);
        assertTrue(m.find(), "no embedded data");
        if (m.group(1).equals("json")) {
            return RunLogs.JSON.readTree(m.group(2));
        }
        assertEquals("gzip-base64", m.group(1));
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(
                java.util.Base64.getMimeDecoder().decode(m.group(2))))) {
            return RunLogs.JSON.readTree(in);
        }
    }

    static String report(Path dir, Path out, String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("sweep", "report", dir.toString(), "--out", out.toString()));
        args.addAll(List.of(more));
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("report: " + out), r.out());
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    static void assertOffline(String html) {
        String lower = html.toLowerCase(Locale.ROOT);
        assertFalse(lower.contains("http://"), "http:// in the page");
        assertFalse(lower.contains("https://"), "https:// in the page");
        assertFalse(Pattern.compile("<(script|link|img|iframe)[^>]*\\s(src|href)=").matcher(lower).find(),
                "an element that loads a file");
        assertTrue(html.contains("Content-Security-Policy") && html.contains("default-src 'none'"));
    }

    @Test
    void embeddedJsonGivesBackTheTableOfTheGoldenSweeps(@TempDir Path tmp) throws IOException {
        for (Path dir : List.of(GOLDEN, GOLDEN_FIT)) {
            Path out = tmp.resolve(dir.getParent().getParent().getParent().getParent().getFileName() + ".html");
            String html = report(dir, out);
            assertOffline(html);
            JsonNode doc = embedded(html);
            // Rebuild the CSV of `sweep table --columns all` from the constants and the per-run columns.
            CliRun table = CliRun.of("sweep", "table", dir.toString(), "--columns", "all", "--format", "json");
            assertEquals(0, table.code(), table.err());
            JsonNode expected = RunLogs.JSON.readTree(table.out());
            List<String> cols = new ArrayList<>();
            doc.get("columns").forEach(c -> cols.add(c.asText()));
            assertEquals(expected.size(), doc.get("rows").size(), dir.toString());
            for (int r = 0; r < expected.size(); r++) {
                JsonNode want = expected.get(r);
                for (Iterator<String> it = want.fieldNames(); it.hasNext(); ) {
                    String c = it.next();
                    int i = cols.indexOf(c);
                    JsonNode got = i >= 0 ? doc.get("rows").get(r).get(i) : doc.get("constants").get(c);
                    assertNotNull(got, dir + ": column " + c + " neither per run nor constant");
                    assertEquals(want.get(c).isNull() ? "" : want.get(c).asText(), got.isNull() ? "" : got.asText(),
                            dir + " row " + r + " column " + c);
                }
            }
            assertTrue(cols.contains("run_id") && cols.contains("status"));
            for (Iterator<String> it = doc.get("constants").fieldNames(); it.hasNext(); ) {
                String c = it.next();
                assertFalse(cols.contains(c), c + " both constant and per run");
            }
            // Seed groups: each complete run in exactly one group; means between minimum and maximum.
            Set<Integer> seen = new HashSet<>();
            for (JsonNode g : doc.get("curves").get("groups")) {
                g.get("runs").forEach(i -> assertTrue(seen.add(i.asInt()), "run in two groups"));
                int n = g.get("step").size();
                for (JsonNode m : g.get("metrics")) {
                    for (int i = 0; i < n; i++) {
                        if (!m.get("mean").get(i).isNull()) {
                            assertTrue(m.get("min").get(i).asDouble() <= m.get("mean").get(i).asDouble() * (1 + 1e-3)
                                    && m.get("mean").get(i).asDouble() <= m.get("max").get(i).asDouble() * (1 + 1e-3));
                        }
                    }
                }
            }
            assertEquals(expected.size(), seen.size());
            assertTrue(html.length() > 50_000 && html.length() < 400_000, "size " + html.length());
        }
    }

    @Test
    void failedAndDivergedRunsCarryTheirReasonAndProvenance(@TempDir Path tmp) throws IOException {
        JsonNode doc = embedded(report(GOLDEN, tmp.resolve("r.html")));
        List<String> cols = new ArrayList<>();
        doc.get("columns").forEach(c -> cols.add(c.asText()));
        RunScan scan = RunScan.of(GOLDEN);
        int r = 0;
        for (RunSummary s : scan.complete().values()) {
            JsonNode row = doc.get("rows").get(r);
            assertEquals(s.runId(), row.get(cols.indexOf("run_id")).asText());
            String reason = row.get(cols.indexOf("reason")).asText(null);
            switch (s.status()) {
                case "failed" -> assertEquals(s.error(), reason);
                case "diverged" -> assertEquals("loss not finite at step " + s.divergedAtStep(), reason);
                default -> assertEquals(null, reason);
            }
            JsonNode host = doc.get("provenance").get("host");
            assertNotNull(host);
            r++;
        }
        JsonNode counts = doc.get("progress").get("counts");
        assertEquals(2, counts.get("done").asInt());
        assertEquals(1, counts.get("diverged").asInt());
        assertEquals(1, counts.get("failed").asInt());
    }

    @Test
    void tenThousandRunsStayUnderTheSizeBound(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("synthetic");
        SyntheticSweep.write(dir, 10_000, 0);
        String html = report(dir, tmp.resolve("r.html"), "--group-by", "width");
        assertOffline(html);
        JsonNode doc = embedded(html);
        assertEquals(10_000, doc.get("rows").size());
        assertEquals(5_000, doc.get("curves").get("groups").size());
        assertEquals("config.model.width", doc.get("group_by").get(0).asText());
        int points = doc.get("curves").get("points_per_curve").asInt();
        for (JsonNode g : doc.get("curves").get("groups")) {
            assertTrue(g.get("step").size() <= points);
        }
        // 100,000 runs must stay under 25 MB; a tenth of them under a tenth of that.
        assertTrue(html.length() < 2_500_000, "10k-run report is " + html.length() + " bytes");
    }

    @Test
    void watchRewritesUntilNoRunIsPending(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("live");
        SyntheticSweep.write(dir, 40, 6);
        Path out = tmp.resolve("live.html");
        CompletableFuture<CliRun> watching = CompletableFuture.supplyAsync(() -> CliRun.of("sweep", "report",
                dir.toString(), "--out", out.toString(), "--watch", "1"));
        for (int i = 0; i < 600 && !Files.exists(out); i++) {
            Thread.sleep(100);
        }
        JsonNode first = embedded(Files.readString(out));
        assertEquals(6, first.get("progress").get("counts").get("pending").asInt());
        assertEquals(1, first.get("watch").asInt(), "the page reloads itself while runs are pending");
        // 34 runs ended since the sweep's latest invocation started (sweep.json's `updated`): ETA = 6 × elapsed / 34
        assertTrue(first.get("progress").get("eta_seconds").asLong() > 0, first.get("progress").toString());
        assertTrue(Files.readString(out).contains("location.reload()"));
        SyntheticSweep.write(dir, 40, 0); // the sweep finishes
        CliRun r = watching.get(120, TimeUnit.SECONDS);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("6 runs pending or in flight, next in 1 s"), r.out());
        JsonNode last = embedded(Files.readString(out));
        assertEquals(0, last.get("progress").get("counts").get("pending").asInt());
        assertEquals(0, last.get("watch").asInt(), "the finished report stops reloading");
        try (var files = Files.list(tmp)) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList(),
                    "no temporary file left");
        }
    }

    @Test
    void aDamagedMetricsLogCostsItsCurveNotTheReport(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("sweep");
        SyntheticSweep.write(dir, 6, 0);
        String victim = RunScan.of(dir).complete().firstKey();
        Path metrics = dir.resolve(victim).resolve("metrics.jsonl");
        Files.writeString(metrics, "garbage\n" + Files.readString(metrics)); // corrupt, not just a cut last line
        CliRun r = CliRun.of("sweep", "report", dir.toString(), "--out", tmp.resolve("r.html").toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("warning: 1 run(s) have a metrics.jsonl that cannot be read; their curves are "
                + "left out (the page lists them): " + metrics + ":1: "), r.err());
        JsonNode doc = embedded(Files.readString(tmp.resolve("r.html")));
        assertEquals(6, doc.get("rows").size());
        assertEquals(1, doc.get("curves").get("unreadable").size());
    }

    @Test
    void badInputIsOneLineNamingTheFileOrFlag(@TempDir Path tmp) throws IOException {
        CliRun missing = CliRun.of("sweep", "report", tmp.resolve("nope").toString());
        assertEquals(2, missing.code());
        assertEquals("error: " + tmp.resolve("nope") + ": no such directory", missing.err().strip());
        CliRun empty = CliRun.of("sweep", "report", tmp.toString());
        assertEquals(2, empty.code());
        assertTrue(empty.err().strip().startsWith("error: " + tmp + ": not a sweep directory"), empty.err());
        CliRun watch = CliRun.of("sweep", "report", GOLDEN.toString(), "--watch", "0", "--out", tmp.resolve("x.html")
                .toString());
        assertEquals(2, watch.code());
        assertEquals("error: --watch must be at least 1 second, got 0", watch.err().strip());
        CliRun outDir = CliRun.of("sweep", "report", GOLDEN.toString(), "--out", tmp.toString());
        assertEquals(2, outDir.code());
        assertEquals("error: --out " + tmp + ": is a directory, expected a file", outDir.err().strip());
        assertEquals(1, outDir.err().lines().count());
    }
}
