package dev.scalelab.engine.cuda;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Builds the fake CUDA library (src/test/native/fake_cuda.cpp with ScaleLab's kernel sources and their generated
 * {@link KernelPrelude}, by g++) and exposes
 * it as libcuda.so.1, libnvrtc.so.13 and libcublas.so.13 in one folder: put that folder on LD_LIBRARY_PATH of a
 * child JVM. Shared by this module's tests and other modules' (through the test jar).
 */
public final class FakeCudaLibrary {
    private FakeCudaLibrary() {
    }

    /**
     * Builds into {@code outDir} from the sources of the engine-cuda module at {@code moduleDir}; returns
     * {@code outDir}. Null when g++ is not on the PATH. A library newer than every source is kept, so the tests
     * of one module (each calling this) compile it once.
     */
    public static synchronized Path build(Path moduleDir, Path outDir) throws IOException, InterruptedException {
        Path gxx = KernelSourcesCompileTest.onPath("g++");
        if (gxx == null) {
            return null;
        }
        Files.createDirectories(outDir);
        Path nativeSrc = moduleDir.resolve("src/test/native").toAbsolutePath();
        Path kernels = moduleDir.resolve("src/main/resources" + KernelCompiler.RESOURCE_DIR).toAbsolutePath();
        Path lib = outDir.resolve("libfakecuda.so").toAbsolutePath();
        Path prelude = nativeSrc.resolve("cuda_host_prelude.h");
        Path generated = writeIfChanged(outDir.resolve("sl_kernel_prelude.h"), KernelPrelude.text());
        Path table = writeIfChanged(outDir.resolve("sl_fake_kernels.inc"), FakeKernels.text());
        List<Path> sources = new ArrayList<>();
        List<Path> headers;
        try (Stream<Path> files = Files.list(kernels)) {
            List<Path> all = files.sorted().toList();
            sources.addAll(all.stream().filter(p -> p.toString().endsWith(".cu")).toList());
            headers = new ArrayList<>(all.stream().filter(p -> p.toString().endsWith(".cuh")).toList());
        }
        sources.add(nativeSrc.resolve("fake_cuda.cpp"));
        headers.add(generated);
        headers.add(table);
        if (!newerThanAll(lib, sources, prelude) || !newerThanAll(lib, headers, prelude)) {
            List<String> cmd = new ArrayList<>(List.of(gxx.toString(), "-std=c++20", "-O1", "-fPIC", "-shared",
                    "-pthread", "-I", outDir.toAbsolutePath().toString(), "-o", lib.toString(), "-include",
                    prelude.toString(), "-include", generated.toString()));
            for (Path src : sources) {
                cmd.addAll(List.of("-x", "c++", src.toString()));
            }
            Process p = new ProcessBuilder(cmd).directory(outDir.toFile()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("g++ failed:\n" + output);
            }
        }
        for (String name : List.of("libcuda.so.1", "libnvrtc.so.13", "libcublas.so.13")) {
            Path link = outDir.resolve(name);
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, lib.getFileName());
        }
        return outDir;
    }

    /** Writes {@code text} to {@code file} unless it holds it already (so its time stamp says when it changed). */
    static Path writeIfChanged(Path file, String text) throws IOException {
        if (!Files.exists(file) || !Files.readString(file, StandardCharsets.UTF_8).equals(text)) {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        }
        return file.toAbsolutePath();
    }

    /** What a child JVM printed (stdout and stderr together) and its exit code. */
    public record JavaRun(int exit, String output) {
    }

    /**
     * Runs {@code mainClass} with {@code args} in a child JVM on this JVM's class path, the fake library in
     * {@code lib} (from {@link #build}) on its LD_LIBRARY_PATH and {@code env} added to its environment.
     */
    public static JavaRun runJava(Path lib, Map<String, String> env, String mainClass, String... args)
            throws IOException, InterruptedException {
        return java(lib, mainClass).env(env).run(args);
    }

    /** A child JVM for {@code mainClass} on the fake library in {@code lib}: set it up, then {@link ChildJvm#run}. */
    public static ChildJvm java(Path lib, String mainClass) {
        return new ChildJvm(lib, mainClass);
    }

    /** A child JVM as {@link #java(Path, String)} without the fake library (the machine's own libraries). */
    public static ChildJvm java(String mainClass) {
        return new ChildJvm(null, mainClass);
    }

    /**
     * A child JVM on this JVM's class path (and JavaCPP cache), the fake library on its LD_LIBRARY_PATH; by default
     * in this JVM's working directory and given 600 s.
     */
    public static final class ChildJvm {
        private final String mainClass;
        private final List<String> options = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private String classPath = System.getProperty("java.class.path");
        private Path directory;
        private long timeoutSeconds = 600;

        private ChildJvm(Path lib, String mainClass) {
            this.mainClass = mainClass;
            if (lib != null) {
                env.put("LD_LIBRARY_PATH", lib.toString());
            }
        }

        /** JVM options such as {@code -Xmx384m}. */
        public ChildJvm jvm(String... options) {
            this.options.addAll(List.of(options));
            return this;
        }

        /** Adds {@code entry} to the end of the class path. */
        public ChildJvm classPath(Path entry) {
            classPath += File.pathSeparator + entry;
            return this;
        }

        /** Leaves out the class-path entries whose file name matches {@code fileNamePattern} (a regex). */
        public ChildJvm withoutClassPath(String fileNamePattern) {
            classPath = java.util.Arrays.stream(classPath.split(File.pathSeparator))
                    .filter(e -> !Path.of(e).getFileName().toString().matches(fileNamePattern))
                    .collect(java.util.stream.Collectors.joining(File.pathSeparator));
            return this;
        }

        public ChildJvm env(String name, String value) {
            env.put(name, value);
            return this;
        }

        public ChildJvm env(Map<String, String> variables) {
            env.putAll(variables);
            return this;
        }

        /** The child's working directory. */
        public ChildJvm directory(Path dir) {
            directory = dir;
            return this;
        }

        public ChildJvm timeoutSeconds(long seconds) {
            timeoutSeconds = seconds;
            return this;
        }

        /**
         * Runs the main class with {@code args}; its stdout and stderr go together to a temporary file, so a child
         * that hangs (even with its output open) is destroyed after the timeout and reported by an IOException
         * carrying what it printed.
         */
        public JavaRun run(String... args) throws IOException, InterruptedException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> cmd = new ArrayList<>(List.of(java));
            cmd.addAll(options);
            cmd.addAll(List.of("-cp", classPath, "-Dorg.bytedeco.javacpp.cachedir=" + System.getProperty(
                    "org.bytedeco.javacpp.cachedir", Path.of("target", "javacpp-cache").toAbsolutePath().toString()),
                    mainClass));
            cmd.addAll(List.of(args));
            Path log = Files.createTempFile("child-jvm", ".log");
            try {
                ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
                if (directory != null) {
                    pb.directory(directory.toFile());
                }
                pb.environment().putAll(env);
                Process p = pb.start();
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor();
                    throw new IOException("timed out after " + timeoutSeconds + " s: " + cmd + "\n"
                            + Files.readString(log, StandardCharsets.UTF_8));
                }
                return new JavaRun(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(log);
            }
        }
    }

    private static boolean newerThanAll(Path lib, List<Path> sources, Path prelude) throws IOException {
        if (!Files.exists(lib)) {
            return false;
        }
        long made = Files.getLastModifiedTime(lib).toMillis();
        for (Path s : sources) {
            if (Files.getLastModifiedTime(s).toMillis() >= made) {
                return false;
            }
        }
        return Files.getLastModifiedTime(prelude).toMillis() < made;
    }
}
