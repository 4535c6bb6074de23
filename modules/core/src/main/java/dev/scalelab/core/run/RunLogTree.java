package dev.scalelab.core.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Run logs anywhere below a directory, not only a sweep's: every {@code summary.json} (non-empty) in the tree,
 * e.g. the levels and branches of an IMP run or the variants of an edge-popup run.
 */
public final class RunLogTree {
    /** Deep enough for run/level/branch layouts, shallow enough not to wander a whole disk. */
    static final int MAX_DEPTH = 6;

    private RunLogTree() {
    }

    /**
     * Every run summary below {@code root}, keyed by its directory relative to root ("/"-separated); a
     * summary.json that is not a run summary throws {@link RunLogException} naming it.
     */
    public static Map<String, RunSummary> summaries(Path root) throws IOException {
        Map<String, RunSummary> out = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root, MAX_DEPTH)) {
            files = walk.filter(p -> p.getFileName().toString().equals(SweepDirectory.SUMMARY))
                    .filter(SweepDirectory::isSummary).sorted().toList();
        }
        for (Path f : files) {
            Path dir = root.relativize(f.getParent());
            String key = dir.toString().isEmpty() ? "." : dir.toString().replace(f.getFileSystem().getSeparator(), "/");
            out.put(key, RunLogs.read(f, RunSummary.class)); // a bad file: RunLogException naming it
        }
        return out;
    }
}
