package dev.scalelab.cli.sweep;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scalelab.core.run.RunLogs;
import dev.scalelab.core.run.RunScan;
import dev.scalelab.core.run.RunSummary;
import dev.scalelab.core.run.SweepDirectory;
import dev.scalelab.core.run.SweepManifest;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code scalelab sweep status DIR}: done / diverged / failed / pending counts; safe while a sweep runs. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Count a sweep's runs by status: done, diverged, failed, pending (asked for by the latest "
                + "invocation, no summary yet), dropped (asked for only by an earlier invocation, never finished), "
                + "unreadable (a summary.json that cannot be read: redone on resume).")
public final class SweepStatusCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "sweep directory")
    private Path dir;

    @Option(names = "--json", description = "print one JSON document")
    private boolean json;

    @Override
    public Integer call() throws Exception {
        SweepDirectory sweep = SweepTableCommand.open(dir);
        SweepManifest manifest = sweep.manifest();
        RunScan scan = sweep.scan();
        Map<String, String> statuses = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, RunSummary> e : scan.complete().entrySet()) {
            statuses.put(e.getKey(), e.getValue().status());
            if (RunSummary.FAILED.equals(e.getValue().status())) {
                failures.add(e.getKey() + ": " + e.getValue().error());
            }
        }
        SweepDirectory.Statuses found = new SweepDirectory.Statuses(statuses, scan.unreadable());
        Map<String, Integer> counts = manifest == null ? sweep.statusCounts(found, null, null)
                : sweep.statusCounts(found, manifest.runIds(), manifest.latestRunIds());
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        List<String> unreadable = scan.unreadable().stream().map(u -> u.run() + ": " + u.file().getFileName() + " "
                + u.reason()).toList();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode o = RunLogs.JSON.createObjectNode();
            o.put("dir", dir.toString());
            o.put("total", total);
            if (manifest != null && manifest.shards() != null) {
                o.put("shards", manifest.shards());
            }
            o.set("counts", RunLogs.JSON.valueToTree(counts));
            o.set("failures", RunLogs.JSON.valueToTree(failures));
            o.set("unreadable", RunLogs.JSON.valueToTree(unreadable));
            out.print(new String(RunLogs.pretty(o), StandardCharsets.UTF_8));
        } else {
            out.printf("%s: %d runs%s: %s%n", dir, total, manifest != null && manifest.shards() != null
                    ? " in " + manifest.shards() + " shards" : "", ProgressDisplay.counts(counts));
            for (String f : failures) {
                out.println("  failed " + f);
            }
            for (String u : unreadable) {
                out.println("  unreadable " + u + " (not finished: run again on resume)");
            }
        }
        out.flush();
        return 0;
    }
}
