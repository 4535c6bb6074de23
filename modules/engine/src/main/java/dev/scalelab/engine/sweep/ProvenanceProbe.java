package dev.scalelab.engine.sweep;

import dev.scalelab.core.run.DirectoryLock;
import dev.scalelab.core.run.Provenance;
import dev.scalelab.core.run.RunLogs;
import dev.scalelab.engine.compute.ComputeBackend;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Gathers the facts of provenance.json once per sweep: code version (git commit), library versions, JVM, host,
 * backend and device, BLAS and its OpenBLAS core-type setting (results and speed differ across them).
 */
public final class ProvenanceProbe {
    public static final String SCALELAB_VERSION = "0.1.0";

    private ProvenanceProbe() {
    }

    /** The sweep-wide part of provenance; per-run seed and times are filled in by {@link Provenance#withTimes}. */
    public static Provenance probe(ComputeBackend backend, String command, int threads) {
        return probe(backend, command, threads, null);
    }

    /** Like {@link #probe(ComputeBackend, String, int)}, for a run of shard {@code shard} (null: unsharded). */
    public static Provenance probe(ComputeBackend backend, String command, int threads, String shard) {
        return new Provenance(RunLogs.SCHEMA_VERSION, scalelabVersion(), gitCommit(), System.getProperty("java.version"),
                System.getProperty("java.vendor"), System.getProperty("os.name") + " " + System.getProperty("os.version"),
                System.getProperty("os.arch"), host(), backend.name(), backend.device(), nd4jVersion(), blas(),
                System.getenv().getOrDefault("OPENBLAS_CORETYPE", ""),
                System.getenv().getOrDefault("SCALELAB_OPENBLAS_CORETYPE_SOURCE", "unset"), threads, 0, null, null,
                command, 0, shard);
    }

    static String scalelabVersion() {
        String v = ProvenanceProbe.class.getPackage().getImplementationVersion();
        return v != null ? v : SCALELAB_VERSION;
    }

    private static String host() {
        String self = DirectoryLock.self();
        return self.substring(self.indexOf('@') + 1);
    }

    /** {@code git rev-parse HEAD} in $SCALELAB_HOME or else the working directory (suffixed -dirty when there are changes), or "unknown". */
    static String gitCommit() {
        String head = git("rev-parse", "HEAD");
        if (head == null || !head.matches("[0-9a-f]{40}")) {
            return "unknown";
        }
        String status = git("status", "--porcelain", "--untracked-files=no");
        return status != null && !status.isEmpty() ? head + "-dirty" : head;
    }

    private static String git(String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "git";
        System.arraycopy(args, 0, cmd, 1, args.length);
        try {
            String home = System.getenv("SCALELAB_HOME");
            Path dir = home != null && !home.isEmpty() ? Path.of(home) : Path.of("").toAbsolutePath();
            Process p = new ProcessBuilder(cmd).directory(dir.toFile())
                    .redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readNBytes(1 << 16);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8).strip() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    static String nd4jVersion() {
        String v = Nd4j.class.getPackage().getImplementationVersion();
        if (v != null) {
            return v;
        }
        try (InputStream in = Nd4j.class.getResourceAsStream("/META-INF/maven/org.nd4j/nd4j-api/pom.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "unknown");
            }
        } catch (IOException e) {
            // fall through
        }
        return "unknown";
    }

    private static String blas() {
        try {
            Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
            String vendor = String.valueOf(env.getOrDefault("blas.vendor", Nd4j.factory().blas().getBlasVendor()));
            String version = vendor.equalsIgnoreCase("OPENBLAS")
                    ? org.bytedeco.openblas.global.openblas_nolapack.OPENBLAS_VERSION.strip() : vendor;
            return version + " (blas.threads=" + env.getOrDefault("blas.threads", "?") + ")";
        } catch (RuntimeException | LinkageError e) {
            return "unknown";
        }
    }
}
