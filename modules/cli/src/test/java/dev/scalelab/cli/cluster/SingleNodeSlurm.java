package dev.scalelab.cli.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real single-node Slurm cluster (munged, slurmctld, slurmd) for a test, started and stopped by
 * src/test/slurm/single-node.sh with its state in a fresh directory and on free ports. Tests using it are
 * skipped, with the reason, only where Slurm is not installed (.ci/run installs it) or does not start.
 */
final class SingleNodeSlurm implements AutoCloseable {
    private static final Path SCRIPT = Path.of("src", "test", "slurm", "single-node.sh").toAbsolutePath();
    private final Path dir;

    private SingleNodeSlurm(Path dir) {
        this.dir = dir;
    }

    /** Starts a cluster, or aborts the calling test (skipped) saying why it cannot. */
    static SingleNodeSlurm startOrSkip() throws IOException, InterruptedException {
        for (String tool : List.of("munged", "mungekey", "slurmctld", "slurmd", "sbatch", "squeue", "scontrol")) {
            Assumptions.assumeTrue(SlurmSubmitCommand.onPath(tool) != null || Files.isExecutable(Path.of(
                    "/usr/sbin", tool)), "Slurm is not installed (no " + tool + " on the PATH): apt-get install -y "
                    + "slurmctld slurmd slurm-client munge (.ci/run does) to run the Slurm tests");
        }
        // Under /tmp, not target/: munged's socket path must stay short.
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "scalelab-slurm-");
        SingleNodeSlurm slurm = new SingleNodeSlurm(dir);
        int[] ports = freePorts();
        Run start = slurm.script("start", ports[0], ports[1]);
        if (start.exit() != 0) {
            slurm.close();
            Assumptions.abort("Slurm did not start here (single-node.sh start, exit " + start.exit() + "): "
                    + start.output().strip().replace('\n', ' '));
        }
        return slurm;
    }

    Path conf() {
        return dir.resolve("etc").resolve("slurm.conf");
    }

    /** The environment a Slurm client needs to find this cluster. */
    Map<String, String> env() {
        return Map.of("SLURM_CONF", conf().toString(), "PATH", System.getenv("PATH") + ":/usr/sbin:/sbin");
    }

    record Run(int exit, String output) {
    }

    /** Runs a command with this cluster's environment; its stdout and stderr together. */
    Run run(List<String> cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env());
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + cmd);
        }
        return new Run(p.exitValue(), out);
    }

    Run slurm(String... cmd) throws IOException, InterruptedException {
        return run(List.of(cmd));
    }

    /** Whether any task of {@code job} (an array job id, or JOB_TASK) is still queued or running. */
    boolean queued(String job) throws IOException, InterruptedException {
        return !slurm("squeue", "-h", "-j", job).output().isBlank();
    }

    /** JobState of one job or array task (scontrol show job). */
    String state(String job) throws IOException, InterruptedException {
        String out = slurm("scontrol", "show", "job", job).output();
        int i = out.indexOf("JobState=");
        return i < 0 ? "?" : out.substring(i + 9).split("\\s")[0];
    }

    private Run script(String cmd, int... ports) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("bash", SCRIPT.toString(), cmd, dir.toString()));
        for (int p : ports) {
            argv.add(Integer.toString(p));
        }
        return run(argv);
    }

    /** Two distinct free ports (both held open while chosen). */
    private static int[] freePorts() throws IOException {
        try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0)) {
            return new int[] {a.getLocalPort(), b.getLocalPort()};
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        script("stop");
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // Sockets of daemons that are still exiting; /tmp is cleaned anyway.
        }
    }
}
