package dev.scalelab.engine.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs {@link SweepMain} in a child JVM, for tests that kill it or limit its resources. */
final class ChildSweep {
    private ChildSweep() {
    }

    /**
     * The test's classpath with its class directories and ScaleLab jars copied under {@code into}, so that a
     * concurrent rebuild of the modules cannot pull classes from under the child JVMs.
     */
    static String snapshotClasspath(Path into) throws IOException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> out = new ArrayList<>();
        int n = 0;
        for (String entry : cp.split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry);
            boolean ours = Files.isDirectory(p) || p.getFileName().toString().startsWith("scalelab-");
            if (!ours || !Files.exists(p)) {
                out.add(entry);
                continue;
            }
            Path copy = into.resolve((n++) + "-" + p.getFileName());
            copyRecursively(p, copy);
            out.add(copy.toAbsolutePath().toString());
        }
        return String.join(java.io.File.pathSeparator, out);
    }

    /** The java command line of a child {@code SweepMain CONFIG OUT ARGS...}. */
    static List<String> command(String classpath, Path config, Path out, String... args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cache = System.getProperty("org.bytedeco.javacpp.cachedir",
                Path.of("target", "javacpp-cache").toAbsolutePath().toString());
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:TieredStopAtLevel=1",
                "-Dorg.bytedeco.javacpp.cachedir=" + cache, "-cp", classpath, SweepMain.class.getName(),
                config.toString(), out.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    static Process launch(List<String> command, Path log) throws IOException {
        return launch(command, log, Map.of());
    }

    /** Starts {@code command} with {@code env} added to this process's environment. */
    static Process launch(List<String> command, Path log, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        return pb.start();
    }

    static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var walk = Files.walk(p)) {
            for (Path q : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }

    private static void copyRecursively(Path from, Path to) throws IOException {
        try (var walk = Files.walk(from)) {
            for (Path q : walk.toList()) {
                Path target = to.resolve(from.relativize(q).toString());
                if (Files.isDirectory(q)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(q, target);
                }
            }
        }
    }
}
