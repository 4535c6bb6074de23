package dev.scalelab.cli.report;

import dev.scalelab.core.UserInputException;
import dev.scalelab.core.run.AtomicFiles;
import dev.scalelab.core.run.RunScan;
import dev.scalelab.core.run.SweepDirectory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code scalelab sweep report DIR}: one self-contained offline HTML page of a sweep (or any run-log directory). */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write one self-contained HTML file (data, script and plotting library inlined; it makes no "
                + "network request) that shows a sweep or any directory of run logs: loss curves grouped by a config "
                + "key with a band over seeds, results against hyperparameters with log-log slopes, parallel "
                + "coordinates with brushing, the runs table (only the columns that vary; sortable, filterable, CSV) "
                + "with provenance per run, progress and ETA.",
            "With --watch N the file is rewritten (atomically) every N seconds until no run is pending or in flight, "
                + "and the page reloads itself."})
public final class ReportCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "sweep directory, or any directory holding run logs "
            + "(e.g. a prune output)")
    private Path dir;

    @Option(names = "--out", paramLabel = "FILE.html", description = "the report (default: DIR/report.html)")
    private Path out;

    @Option(names = "--group-by", paramLabel = "KEY", description = "config key the curves are grouped by first "
            + "(repeatable; e.g. width or model.width); the page offers every key that varies")
    private List<String> groupBy = new ArrayList<>();

    @Option(names = "--watch", paramLabel = "SECONDS", description = "rewrite the report every SECONDS seconds "
            + "while runs are pending or in flight (logs without a summary)")
    private Integer watch;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(dir)) {
            throw new UserInputException(dir + ": no such directory");
        }
        UserInputException.require(watch == null || watch >= 1, "--watch must be at least 1 second, got " + watch);
        Path file = out != null ? out : dir.resolve("report.html");
        UserInputException.require(!Files.isDirectory(file), "--out " + file + ": is a directory, expected a file");
        List<String> keys = new ArrayList<>();
        for (String k : groupBy) {
            keys.add(configColumn(k));
        }
        PrintWriter o = spec.commandLine().getOut();
        while (true) {
            long start = System.nanoTime();
            Written w = write(dir, file, keys, watch == null ? 0 : watch);
            boolean more = watch != null && w.unfinished() > 0;
            o.printf(Locale.ROOT, "report: %s (%d runs, %.1f MB, %.1f s)%s%n", file, w.runs(), w.bytes() / 1e6,
                    (System.nanoTime() - start) / 1e9, more ? "; " + w.unfinished()
                            + " runs pending or in flight, next in " + watch + " s" : "");
            o.flush();
            if (w.unreadableMetrics() > 0) {
                PrintWriter e = spec.commandLine().getErr();
                e.println("warning: " + w.unreadableMetrics() + " run(s) have a metrics.jsonl that cannot be read; "
                        + "their curves are left out (the page lists them): " + w.firstUnreadable());
                e.flush();
            }
            if (!more) {
                return 0;
            }
            Thread.sleep(watch * 1000L);
        }
    }

    /** What one write produced. */
    record Written(int runs, long bytes, int unfinished, int unreadableMetrics, String firstUnreadable) {
    }

    /** Builds and writes (atomically) the report of {@code dir}. */
    static Written write(Path dir, Path file, List<String> groupBy, int watchSeconds) throws Exception {
        ObjectNode data = ReportData.build(dir, groupBy, watchSeconds, Instant.now());
        int unfinished = data.path("progress").path("counts").path("pending").asInt()
                + data.path("progress").path("counts").path("incomplete").asInt();
        if (watchSeconds > 0 && unfinished == 0) {
            data.put("watch", 0); // the last write: the page stops reloading
        }
        if (data.path("rows").isEmpty() && unfinished == 0 && !Files.isRegularFile(dir.resolve(SweepDirectory.MANIFEST))
                && RunScan.of(dir).unreadable().isEmpty()) {
            throw new UserInputException(dir + ": not a sweep directory (no " + SweepDirectory.MANIFEST
                    + ") and no run logs (summary.json) below it");
        }
        byte[] html = ReportHtml.render(data).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, html, false);
        JsonNode bad = data.path("curves").path("unreadable");
        return new Written(data.path("rows").size(), html.length, unfinished, bad.size(),
                bad.isEmpty() ? null : bad.get(0).asText());
    }

    private static String configColumn(String key) {
        if (key.startsWith("config.")) {
            return key;
        }
        dev.scalelab.core.config.ConfigField f = dev.scalelab.core.config.ConfigFields.find(key);
        return "config." + (f == null ? key : f.key());
    }
}
