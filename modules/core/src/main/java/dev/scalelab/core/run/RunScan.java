package dev.scalelab.core.run;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The one reader of run logs ({@code sweep table}, {@code sweep status}, {@code fit}, and a sweep's resume): every
 * run directory below a root, whatever wrote it (a sweep's {@code <run-id>/}, IMP's {@code <run>/level_L/<branch>/},
 * edge-popup's variants). A directory is a run when it holds summary.json, metrics.jsonl or provenance.json, and
 * is <em>complete</em> exactly when its summary.json reads as a run summary. A summary that cannot be read (empty,
 * truncated, not a run summary) makes its run <em>unreadable</em>: not finished, redone on resume, skipped with a
 * counted warning by readers. A summary of a newer schema is an error (upgrade ScaleLab), not damage.
 */
public final class RunScan {
    /** Deep enough for run/level/branch layouts, shallow enough not to wander a whole disk. */
    public static final int MAX_DEPTH = 6;

    /** A run whose summary.json exists but cannot be read, and why. */
    public record Unreadable(String run, Path file, String reason) {
    }

    /** One summary.json read: the summary, or null and why not (null reason: there is no summary file). */
    public record Read(RunSummary summary, String problem) {
    }

    /** Hears each run as the walk finds it (unsorted). */
    public interface Visitor {
        void complete(String run, Path dir, RunSummary summary) throws IOException;

        default void unreadable(Unreadable run) {
        }

        /** A run directory with logs but no summary (in flight, or killed). */
        default void incomplete(String run, Path dir) {
        }
    }

    private final SortedMap<String, RunSummary> complete;
    private final SortedMap<String, Path> dirs;
    private final List<Unreadable> unreadable;
    private final List<String> incomplete;

    private RunScan(SortedMap<String, RunSummary> complete, SortedMap<String, Path> dirs, List<Unreadable> unreadable,
                    List<String> incomplete) {
        this.complete = Collections.unmodifiableSortedMap(complete);
        this.dirs = Collections.unmodifiableSortedMap(dirs);
        this.unreadable = List.copyOf(unreadable);
        this.incomplete = List.copyOf(incomplete);
    }

    /** Every run below {@code root}, complete runs keyed (and sorted) by their directory relative to root. */
    public static RunScan of(Path root) throws IOException {
        SortedMap<String, RunSummary> complete = new TreeMap<>();
        SortedMap<String, Path> dirs = new TreeMap<>();
        List<Unreadable> unreadable = new ArrayList<>();
        List<String> incomplete = new ArrayList<>();
        visit(root, new Visitor() {
            @Override
            public void complete(String run, Path dir, RunSummary summary) {
                complete.put(run, summary);
                dirs.put(run, dir);
            }

            @Override
            public void unreadable(Unreadable run) {
                unreadable.add(run);
            }

            @Override
            public void incomplete(String run, Path dir) {
                incomplete.add(run);
            }
        });
        unreadable.sort(Comparator.comparing(Unreadable::run));
        incomplete.sort(null);
        return new RunScan(complete, dirs, unreadable, incomplete);
    }

    /** Complete runs by relative directory ("/"-separated; "." for the root itself), sorted. */
    public SortedMap<String, RunSummary> complete() {
        return complete;
    }

    /** The directory of a complete run. */
    public Path dir(String run) {
        return dirs.get(run);
    }

    public List<Unreadable> unreadable() {
        return unreadable;
    }

    /** Runs with logs but no summary yet, sorted. */
    public List<String> incomplete() {
        return incomplete;
    }

    /** The one stderr line readers print when they skipped unreadable runs; null when there were none. */
    public String warning() {
        return warning(unreadable.size());
    }

    public static String warning(int unreadableRuns) {
        return unreadableRuns == 0 ? null : "warning: skipped " + unreadableRuns + " run(s) whose summary.json cannot "
                + "be read (truncated or corrupt; `scalelab sweep status` lists them, a resumed sweep redoes them)";
    }

    /**
     * Walks {@code root} (at most {@link #MAX_DEPTH} levels, symbolic links not followed) and reports every run.
     * A directory that cannot be listed is an error naming it.
     */
    public static void visit(Path root, Visitor visitor) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new RunLogException(root + ": no such directory");
        }
        Deque<boolean[]> found = new ArrayDeque<>(); // per open directory: {summary, logs}
        Files.walkFileTree(root, EnumSet.noneOf(FileVisitOption.class), MAX_DEPTH, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                found.push(new boolean[2]);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isDirectory()) { // a directory at the depth limit
                    return FileVisitResult.CONTINUE;
                }
                String name = file.getFileName().toString();
                boolean[] here = found.peek();
                if (name.equals(RunStore.SUMMARY) && attrs.isRegularFile()) {
                    here[0] = true;
                    String run = key(root, file.getParent());
                    Read r = read(file);
                    if (r.summary() != null) {
                        visitor.complete(run, file.getParent(), r.summary());
                    } else {
                        visitor.unreadable(new Unreadable(run, file, r.problem()));
                    }
                } else if (name.equals(RunStore.METRICS) || name.equals(RunStore.PROVENANCE)) {
                    here[1] = true;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) { // removed while we walk (a live sweep): not there
                    return FileVisitResult.CONTINUE;
                }
                throw new RunLogException(file + ": cannot be read (" + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    visitFileFailed(dir, e);
                }
                boolean[] here = found.pop();
                if (here[1] && !here[0]) {
                    visitor.incomplete(key(root, dir), dir);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static String key(Path root, Path dir) {
        String rel = root.relativize(dir).toString();
        return rel.isEmpty() ? "." : rel.replace(dir.getFileSystem().getSeparator(), "/");
    }

    /**
     * Reads one summary.json. Missing: no summary, no problem. Empty, not JSON, not an object or not a run
     * summary (no run_id or status): the problem. A schema newer than ours throws {@link RunLogException}.
     */
    /** The first syntax error of {@code bytes} as JSON (a truncated file's end of input included), or null. */
    private static String syntaxError(byte[] bytes) throws IOException {
        try (com.fasterxml.jackson.core.JsonParser p = RunLogs.JSON.getFactory().createParser(bytes)) {
            while (p.nextToken() != null) {
                continue; // every token read, none kept: only the syntax matters
            }
            return null;
        } catch (JsonParseException e) {
            return e.getOriginalMessage();
        }
    }

    public static Read read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new Read(null, null);
        }
        if (bytes.length == 0) {
            return new Read(null, "empty");
        }
        RunSummary s;
        try { // one pass, no tree: a resume or `sweep status` reads every summary of the sweep
            s = RunLogs.JSON.readValue(bytes, RunSummary.class);
        } catch (JsonParseException e) {
            return new Read(null, "not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (JsonProcessingException e) {
            // Data binding reports a file cut inside an object as a mapping problem; the syntax decides.
            String syntax = syntaxError(bytes);
            return new Read(null, syntax != null ? "not valid JSON (" + syntax + ")"
                    : "not a run summary (" + e.getOriginalMessage() + ")");
        }
        if (s == null) {
            return new Read(null, "not a JSON object");
        }
        RunLogs.checkVersion(s.schemaVersion(), file.toString());
        if (s.runId() == null || s.status() == null) {
            return new Read(null, "not a run summary (no " + (s.runId() == null ? "run_id" : "status") + ")");
        }
        return new Read(s, null);
    }
}
