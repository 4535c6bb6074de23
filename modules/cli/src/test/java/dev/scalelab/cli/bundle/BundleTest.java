package dev.scalelab.cli.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundle of {@code docker/build-bundle.sh} (what {@code mvn -Pdist package} builds), built here from this
 * module's test classpath with the same script: (a) every native library in it, loose or inside a jar, needs only
 * libraries of the bundle or of the base system every GPU node has; (b) its launcher draws a plot, with readable
 * text, in a mount namespace ({@code unshare -m}, as root) where the system's libraries are cut down to that base
 * system and no font, fontconfig or JDK is visible: the GPU node where plots failed, reproduced.
 */
class BundleTest {
    /** glibc, libstdc++, libgcc_s, zlib, and NVIDIA's driver and CUDA libraries: what a GPU node is known to have. */
    static final Pattern BASE_SYSTEM = Pattern.compile("libc\\.so\\.6|libm\\.so\\.6|libdl\\.so\\.2|libpthread\\.so\\.0"
            + "|librt\\.so\\.1|ld-linux-x86-64\\.so\\.2|libstdc\\+\\+\\.so\\.6|libgcc_s\\.so\\.1|libz\\.so\\.1"
            + "|libcuda\\.so.*|libnvrtc.*\\.so.*|libcublas.*\\.so.*|libnvidia-.*\\.so.*");

    private static final Pattern LINUX_X86_64 = Pattern.compile("linux-x86[-_]64/");

    private static Path bundle;

    @BeforeAll
    static void buildBundle() throws Exception {
        assumeTrue(System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").equals("amd64"),
                "the bundle is built for linux-x86_64 only");
        Path jlink = Path.of(System.getProperty("java.home"), "bin", "jlink");
        assumeTrue(Files.isExecutable(jlink), "skipped: no jlink in " + System.getProperty("java.home")
                + " (a JRE, not a JDK)");
        Path root = repositoryRoot();
        Path work = Path.of("target", "bundle-test").toAbsolutePath();
        bundle = work.resolve("bundle");
        if (Files.isExecutable(bundle.resolve("bin/scalelab"))
                && Files.getLastModifiedTime(bundle.resolve("bin/scalelab")).compareTo(
                        Files.getLastModifiedTime(root.resolve("docker/build-bundle.sh"))) > 0) {
            return; // built by an earlier run of this test, after the script last changed
        }
        Path jars = work.resolve("jars");
        deleteTree(work);
        Files.createDirectories(jars);
        for (String entry : classpath()) {
            Path p = Path.of(entry);
            if (entry.endsWith(".jar") && Files.isRegularFile(p)) {
                Files.createSymbolicLink(jars.resolve(p.getFileName()), p.toAbsolutePath());
            } else if (Files.isDirectory(p) && !p.getFileName().toString().equals("test-classes")) {
                // In a reactor build the modules are class folders; the launcher's classpath takes jars.
                jar(p, jars.resolve(p.toAbsolutePath().getParent().getParent().getFileName() + "-classes.jar"));
            }
        }
        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("docker/build-bundle.sh").toString(), "--fast",
                "--lib", jars.toString(), "--out", bundle.toString()).redirectErrorStream(true)
                .redirectOutput(work.resolve("build.log").toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "build-bundle.sh took over 10 minutes");
        assertEquals(0, p.exitValue(), Files.readString(work.resolve("build.log")));
    }

    @Test
    void everyNativeLibraryNeedsOnlyTheBundleAndTheBaseSystem() throws IOException {
        Map<String, List<String>> needs = nativeLibraries(bundle);
        TreeSet<String> inBundle = new TreeSet<>();
        needs.keySet().forEach(k -> inBundle.add(k.substring(k.lastIndexOf('/') + 1)));
        List<String> outside = new ArrayList<>();
        needs.forEach((lib, needed) -> needed.stream()
                .filter(n -> !BASE_SYSTEM.matcher(n).matches() && !inBundle.contains(n))
                .forEach(n -> outside.add(lib + " needs " + n)));
        assertEquals(List.of(), outside, "libraries needed from outside the bundle and the base system");
        // Not a vacuous scan: AWT's font manager and JNA's stub are there, and what the GPU node lacked is inside.
        assertTrue(needs.get("runtime/lib/libfontmanager.so").contains("libfreetype.so.6")
                || needs.get("runtime/lib/libfontmanager.so").contains("libfreetype.so"), needs.toString());
        assertTrue(needs.keySet().stream().anyMatch(k -> k.endsWith("libjnidispatch.so")), needs.keySet().toString());
        assertTrue(needs.keySet().stream().anyMatch(k -> k.endsWith("libjvm.so")), needs.keySet().toString());
        assertTrue(Files.exists(bundle.resolve("runtime/lib/fonts/DejaVuSans.ttf")));
    }

    @Test
    void theLauncherDrawsPlotsWithTextWhereNoFontLibraryNorFontIsInstalled(@TempDir Path tmp) throws Exception {
        Process probe = new ProcessBuilder("unshare", "-m", "true").redirectErrorStream(true).start();
        String why = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assumeTrue(probe.waitFor() == 0, "skipped: cannot make a mount namespace here (unshare -m needs root or "
                + "CAP_SYS_ADMIN): " + why);
        Path csv = tmp.resolve("loss.csv");
        StringBuilder rows = new StringBuilder("params,final_test_loss\n");
        for (double n : new double[] {1e3, 3e3, 1e4, 3e4, 1e5}) {
            rows.append(n).append(',').append(2 * Math.pow(n, -0.3) + 0.1).append('\n');
        }
        Files.writeString(csv, rows);
        Path script = tmp.resolve("bare-node.sh");
        try (InputStream in = BundleTest.class.getResourceAsStream("/bare-node.sh")) {
            Files.copy(in, script);
        }
        Path plots = tmp.resolve("plots");
        ProcessBuilder pb = new ProcessBuilder("unshare", "-m", "bash", script.toString(),
                bundle.resolve("bin/scalelab").toString(), "fit", csv.toString(), "--form", "power", "--bootstrap",
                "0", "--plot", plots.toString(), "--json");
        pb.environment().put("HOME", tmp.toString());
        pb.redirectOutput(tmp.resolve("out.json").toFile()).redirectError(tmp.resolve("err.txt").toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        String err = Files.readString(tmp.resolve("err.txt"));
        assertEquals(0, p.exitValue(), err);
        assertTrue(err.contains("bare-node.sh: base libraries only, no fonts, no JDK"), err);
        assertFalse(err.contains("warning:"), err);
        JsonNode doc = new ObjectMapper().readTree(tmp.resolve("out.json").toFile());
        assertEquals(4, doc.get("plots").size());

        BufferedImage png = ImageIO.read(plots.resolve("fit.png").toFile());
        assertTrue(png.getWidth() > 1000 && png.getHeight() > 600, png.getWidth() + "×" + png.getHeight());
        // The title is text: the band above the plot area holds dark glyph pixels, centred like a title.
        int dark = 0;
        int minX = png.getWidth();
        int maxX = 0;
        for (int y = 0; y < png.getHeight() / 25; y++) {
            for (int x = 0; x < png.getWidth(); x++) {
                int rgb = png.getRGB(x, y);
                if (((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff) < 200) {
                    dark++;
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                }
            }
        }
        assertTrue(dark > 500, "title pixels: " + dark);
        assertTrue(Math.abs((minX + maxX) / 2 - png.getWidth() / 2) < png.getWidth() / 5, minX + ".." + maxX);
        String svg = Files.readString(plots.resolve("fit.svg"));
        assertTrue(svg.startsWith("<?xml") && svg.contains("<svg") && svg.contains("<path"), svg.substring(0, 200));
    }

    /** Every x86-64 Linux shared object of the bundle, loose or as a jar entry, with what it needs. */
    static Map<String, List<String>> nativeLibraries(Path bundle) throws IOException {
        Map<String, List<String>> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(bundle)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String rel = bundle.relativize(f).toString();
                if (rel.endsWith(".jar")) {
                    try (JarFile jar = new JarFile(f.toFile())) {
                        for (JarEntry e : java.util.Collections.list(jar.entries())) {
                            // Jars carry natives per platform folder (JNA: linux-x86-64, JavaCPP: linux-x86_64);
                            // the x86-64 ELF files of FreeBSD or Solaris in them are never loaded on Linux.
                            if (e.getName().endsWith(".so") && LINUX_X86_64.matcher(e.getName()).find()) {
                                try (InputStream in = jar.getInputStream(e)) {
                                    ElfNeeded.of(in.readAllBytes())
                                            .ifPresent(n -> out.put(rel + "!/" + e.getName(), n));
                                }
                            }
                        }
                    }
                } else if (rel.matches(".*\\.so(\\.[0-9]+)*")) {
                    Optional<List<String>> needed = ElfNeeded.of(Files.readAllBytes(f));
                    needed.ifPresent(n -> out.put(rel, n));
                }
            }
        }
        return out;
    }

    private static List<String> classpath() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return List.of(cp.split(File.pathSeparator));
    }

    private static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("docker/build-bundle.sh"))) {
                return p;
            }
        }
        throw new IllegalStateException("no docker/build-bundle.sh above " + Path.of("").toAbsolutePath());
    }

    private static void jar(Path classes, Path jar) throws IOException {
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(os);
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
