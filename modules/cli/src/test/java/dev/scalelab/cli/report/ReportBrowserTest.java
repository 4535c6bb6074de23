package dev.scalelab.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens reports in Debian's headless Chromium from file:// and checks what a reader would see: the page reaches the
 * marker it sets after drawing, with no script error, no blocked or made request (the page counts them: window
 * errors, console.error, Content-Security-Policy violations, Performance API resource entries) and no console
 * message in Chromium's own log; its screenshot holds the plot colours. Skipped, saying why, only where no
 * Chromium is installed ({@code .ci/run} installs {@code chromium-headless-shell}).
 */
class ReportBrowserTest {
    static String chromium;

    @BeforeAll
    static void findChromium() {
        for (String c : List.of("chromium-headless-shell", "chromium", "chromium-browser")) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
                if (Files.isExecutable(Path.of(dir, c))) {
                    chromium = Path.of(dir, c).toString();
                    return;
                }
            }
        }
    }

    record Page(String body, String log) {
    }

    private static void requireChromium() {
        Assumptions.assumeTrue(chromium != null, "no Chromium on PATH: the browser test needs "
                + "`apt-get install -y chromium-headless-shell fonts-dejavu-core` (as .ci/run does)");
    }

    private static List<String> base(Path profile) {
        return new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--no-first-run", "--user-data-dir=" + profile, "--window-size=1400,2600",
                "--virtual-time-budget=30000", "--enable-logging=stderr", "--v=0"));
    }

    private static String exec(List<String> cmd, Path log) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).redirectOutput(ProcessBuilder.Redirect.PIPE)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "chromium did not finish");
        assertEquals(0, p.exitValue(), Files.readString(log));
        return out;
    }

    /** Loads the page, returns its body tag as drawn and Chromium's log. */
    static Page open(Path html, Path tmp) throws Exception {
        List<String> cmd = base(tmp.resolve("profile"));
        cmd.add("--dump-dom");
        cmd.add(html.toUri().toString());
        Path log = tmp.resolve("chromium.log");
        String dom = exec(cmd, log);
        Matcher body = Pattern.compile("<body[^>]*>").matcher(dom);
        assertTrue(body.find(), dom.substring(0, Math.min(500, dom.length())));
        return new Page(body.group(), Files.readString(log));
    }

    static BufferedImage screenshot(Path html, Path png, Path tmp) throws Exception {
        List<String> cmd = base(tmp.resolve("profile"));
        cmd.add("--screenshot=" + png);
        cmd.add(html.toUri().toString());
        exec(cmd, tmp.resolve("screenshot.log"));
        return ImageIO.read(png.toFile());
    }

    static void assertDrawnCleanly(Page page) {
        assertTrue(page.body().contains("data-report-ready=\"1\""), page.body());
        assertTrue(page.body().contains("data-errors=\"0\""), page.body());
        assertTrue(page.body().contains("data-resources=\"0\""), "the page fetched something: " + page.body());
        for (String line : page.log().lines().toList()) {
            assertTrue(!line.contains("CONSOLE") && !line.contains("net::ERR") && !line.contains("Refused to"),
                    "Chromium logged: " + line);
        }
    }

    /** Pixels within a small distance of an RGB colour (line cores keep their colour under anti-aliasing). */
    static int pixelsNear(BufferedImage img, int rgb) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int p = img.getRGB(x, y);
                int d = Math.abs((p >> 16 & 255) - (rgb >> 16 & 255)) + Math.abs((p >> 8 & 255) - (rgb >> 8 & 255))
                        + Math.abs((p & 255) - (rgb & 255));
                if (d <= 24) {
                    n++;
                }
            }
        }
        return n;
    }

    /** The first three line colours of the page's palette are drawn (a blank or unstyled page has none). */
    static void assertPlotColours(BufferedImage img) {
        assertTrue(img.getWidth() >= 1000 && img.getHeight() >= 2000, img.getWidth() + "x" + img.getHeight());
        for (int rgb : new int[] {0x1f77b4, 0xff7f0e, 0x2ca02c}) {
            int n = pixelsNear(img, rgb);
            assertTrue(n > 100, String.format("%d pixels of the plot colour #%06x", n, rgb));
        }
    }

    @Test
    void goldenSweepReportDrawsWithoutErrorsOrRequests(@TempDir Path tmp) throws Exception {
        requireChromium();
        Path html = tmp.resolve("golden.html");
        SweepReportTest.report(SweepReportTest.GOLDEN_FIT, html);
        assertDrawnCleanly(open(html, tmp));
        assertPlotColours(screenshot(html, tmp.resolve("golden.png"), tmp));
    }

    /** Brushing (here from the link: #brush=params:20000:90000) filters the parallel coordinates and the table. */
    @Test
    void aBrushFiltersTheRunsTable(@TempDir Path tmp) throws Exception {
        requireChromium();
        Path html = tmp.resolve("golden.html");
        SweepReportTest.report(SweepReportTest.GOLDEN_FIT, html);
        long inRange = dev.scalelab.core.run.RunScan.of(SweepReportTest.GOLDEN_FIT).complete().values().stream()
                .filter(s -> s.params() >= 20000 && s.params() <= 90000).count();
        assertTrue(inRange > 0 && inRange < 11, "the range keeps some runs: " + inRange);
        List<String> cmd = base(tmp.resolve("profile"));
        cmd.add("--dump-dom");
        cmd.add(html.toUri() + "#brush=params:20000:90000");
        String dom = exec(cmd, tmp.resolve("brush.log"));
        assertTrue(dom.contains("data-report-ready=\"1\"") && dom.contains("data-errors=\"0\""), dom.substring(0, 300));
        assertTrue(dom.contains(inRange + " of 11 runs selected."), "parallel coordinates");
        assertTrue(dom.contains(inRange + " of 11 runs. Click a row"), "runs table");
        Matcher rows = Pattern.compile("<tr class=\"[a-z]*\">").matcher(dom.substring(dom.indexOf("id=\"t-wrap\"")));
        int n = 0;
        while (rows.find()) {
            n++;
        }
        assertEquals(inRange, n, "table rows drawn");
    }

    /** Pointing at a curve (here from the link, #hover) names the nearest line, its value and its runs' ids. */
    @Test
    void hoverNamesTheRuns(@TempDir Path tmp) throws Exception {
        requireChromium();
        Path html = tmp.resolve("golden.html");
        SweepReportTest.report(SweepReportTest.GOLDEN_FIT, html);
        List<String> cmd = base(tmp.resolve("profile"));
        cmd.add("--dump-dom");
        cmd.add(html.toUri() + "#hover");
        String dom = exec(cmd, tmp.resolve("hover.log"));
        assertTrue(dom.contains("data-report-ready=\"1\"") && dom.contains("data-errors=\"0\""), dom.substring(0, 300));
        Matcher hover = Pattern.compile("<div class=\"hover muted\">([^<]*)</div>").matcher(dom);
        assertTrue(hover.find(), "no hover line");
        assertTrue(hover.group(1).matches(".*: test_loss [0-9.e-]+ at step [0-9.e]+ · runs: [0-9a-f]{12}.*"),
                hover.group(1));
    }

    /** A run's provenance opens on a click (here from the link, #run=ID): its fields and its failure reason. */
    @Test
    void aFailedRunShowsItsReasonAndProvenance(@TempDir Path tmp) throws Exception {
        requireChromium();
        Path html = tmp.resolve("golden.html");
        SweepReportTest.report(SweepReportTest.GOLDEN, html);
        var failed = dev.scalelab.core.run.RunScan.of(SweepReportTest.GOLDEN).complete().values().stream()
                .filter(s -> s.status().equals("failed")).findFirst().orElseThrow();
        List<String> cmd = base(tmp.resolve("profile"));
        cmd.add("--dump-dom");
        cmd.add(html.toUri() + "#run=" + failed.runId());
        String dom = exec(cmd, tmp.resolve("run.log"));
        assertTrue(dom.contains("data-report-ready=\"1\"") && dom.contains("data-errors=\"0\""), dom.substring(0, 300));
        String panel = dom.substring(dom.indexOf("<div id=\"prov\""));
        assertTrue(panel.contains("display: block"), "the provenance panel is open");
        assertTrue(panel.contains("<h2>Run " + failed.runId() + "</h2>"), panel);
        assertTrue(panel.contains("failed: " + failed.error().replace("<", "&lt;").replace(">", "&gt;")), panel);
        assertTrue(panel.contains("<td>java_version</td>") && panel.contains("<td>host</td>"), panel);
    }

    /** A sweep with no complete run yet (all pending) still draws: progress, empty sections, no error. */
    @Test
    void aSweepWithOnlyPendingRunsDraws(@TempDir Path tmp) throws Exception {
        requireChromium();
        Path dir = tmp.resolve("pending");
        SyntheticSweep.write(dir, 8, 8);
        Path html = tmp.resolve("pending.html");
        SweepReportTest.report(dir, html);
        Page page = open(html, tmp);
        assertDrawnCleanly(page);
    }

    @Test
    void tenThousandRunReportDrawsWithoutErrorsOrRequests(@TempDir Path tmp) throws Exception {
        requireChromium();
        Path dir = tmp.resolve("synthetic");
        SyntheticSweep.write(dir, 10_000, 0);
        Path html = tmp.resolve("10k.html");
        SweepReportTest.report(dir, html, "--group-by", "init_scale");
        assertTrue(Files.readString(html).contains("data-encoding=\"gzip-base64\""), "large data is compressed");
        assertDrawnCleanly(open(html, tmp));
        assertPlotColours(screenshot(html, tmp.resolve("10k.png"), tmp));
    }
}
