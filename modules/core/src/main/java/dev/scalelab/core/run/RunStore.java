package dev.scalelab.core.run;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where every run is written (docs/run-logs.md): sweep jobs, IMP levels, edge-popup variants and subset-sum
 * targets all {@link #prepare} a run directory below a root, append its metrics through the {@link RunWriter}
 * and {@link RunWriter#commit commit} its summary last, atomically. A run is complete exactly when its
 * summary.json can be read ({@link RunScan}, the one reader); anything else in its directory is cleared and
 * rewritten when the run is prepared again.
 */
public final class RunStore {
    public static final String CONFIG = "config.yaml";
    public static final String PROVENANCE = "provenance.json";
    public static final String METRICS = "metrics.jsonl";
    public static final String SUMMARY = "summary.json";
    private static final Pattern COMPONENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.+=-]{0,127}");

    private final Path root;
    private final boolean fsync;

    /** {@code fsync}: make each summary durable before its rename (survives power cuts; costs milliseconds). */
    public RunStore(Path root, boolean fsync) {
        this.root = root;
        this.fsync = fsync;
    }

    public Path root() {
        return root;
    }

    /**
     * The directory of {@code run}, a "/"-separated path below the root whose components are plain names
     * (letters, digits, {@code _ . + = -}, not starting with a dot): a run can never be written outside the root.
     */
    public Path dir(String run) {
        Path d = root;
        for (String part : run.split("/", -1)) {
            if (!COMPONENT.matcher(part).matches()) {
                throw new IllegalArgumentException("run path '" + run + "' has an unsafe component '" + part + "'");
            }
            d = d.resolve(part);
        }
        return d;
    }

    /**
     * Creates the run's directory, or clears the files an earlier attempt left in it (a killed run, or one whose
     * summary cannot be read); its subdirectories are left alone. No file stays open.
     */
    public RunWriter prepare(String run) throws IOException {
        Path d = dir(run);
        for (Path p = d; p != null && !p.equals(root); p = p.getParent()) {
            if (Files.isSymbolicLink(p)) {
                // Clearing or writing through it would touch files outside the root.
                throw new IOException(p + ": a run directory is a symbolic link; refusing to write outside " + root);
            }
        }
        try {
            Files.createDirectories(d.getParent());
            Files.createDirectory(d);
        } catch (FileAlreadyExistsException e) {
            try (DirectoryStream<Path> old = Files.newDirectoryStream(d)) {
                for (Path p : old) {
                    if (!Files.isDirectory(p)) {
                        Files.delete(p);
                    }
                }
            }
        }
        return new RunWriter(run, d, fsync);
    }

    /** The run's summary when the run is complete; null when it has none or one that cannot be read. */
    public RunSummary completed(String run) throws IOException {
        return RunScan.read(dir(run).resolve(SUMMARY)).summary();
    }
}
