package dev.scalelab.cli.cluster;

import dev.scalelab.core.UserInputException;
import dev.scalelab.core.run.SweepDirectory;
import dev.scalelab.engine.sweep.SweepLedger;
import dev.scalelab.engine.sweep.SweepPlan;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code scalelab sweep submit slurm CONFIG --out DIR --tasks N}: writes {@code DIR/sweep.sbatch} (a job array of N
 * shards) and submits it with sbatch; {@code --dry-run} prints the script instead.
 */
@Command(name = "slurm", mixinStandardHelpOptions = true,
        description = {"Write an sbatch script beside the sweep (DIR/" + SlurmScript.FILE + ": a job array, one "
                + "shard of the sweep per task, per-task logs in DIR/" + SlurmScript.LOG_DIR + "/, --requeue) and "
                + "submit it with sbatch. The sweep directory must be on a file system every node sees.",
            "Watch with squeue and 'scalelab sweep status DIR'; submit again to resume what did not finish."})
public final class SlurmSubmitCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private SweepArgs sweep;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "shared sweep directory")
    private Path out;

    @Option(names = "--tasks", required = true, paramLabel = "N", description = "array tasks = shards")
    private int tasks;

    @Option(names = "--gpus-per-task", paramLabel = "G", defaultValue = "0",
            description = "GPUs per task (Slurm sets CUDA_VISIBLE_DEVICES; default: none)")
    private int gpusPerTask;

    @Option(names = "--cpus-per-task", paramLabel = "C", defaultValue = "0", description = "CPUs per task")
    private int cpusPerTask;

    @Option(names = "--partition", paramLabel = "P", description = "Slurm partition")
    private String partition;

    @Option(names = "--time", paramLabel = "T", description = "time limit per task (Slurm format, e.g. 2:00:00)")
    private String time;

    @Option(names = "--launcher", paramLabel = "PATH", description = "the scalelab launcher the tasks run "
            + "(default: this one, $SCALELAB_LAUNCHER, set by the scalelab script)")
    private Path launcher;

    @Option(names = "--reshard", description = "allow N other than the count DIR was sharded into before")
    private boolean reshard;

    @Option(names = "--dry-run", description = "print the script; write and submit nothing")
    private boolean dryRun;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        SweepPlan plan = sweep.plan();
        Path dir = out.toAbsolutePath().normalize();
        SlurmScript script = new SlurmScript("scalelab-" + sweep.name(plan), launcher(), sweep.config.toAbsolutePath()
                .normalize(), dir, tasks, gpusPerTask, cpusPerTask, partition, time, sweep.runArgs(gpusPerTask));
        int jobs = sweep.jobs(plan);
        if (tasks > jobs) {
            stderr.printf("note: %d tasks for %d batched jobs: %d tasks will find nothing to do%n", tasks, jobs,
                    tasks - jobs);
        }
        if (dryRun) {
            stdout.print(script.render());
            stdout.flush();
            return 0;
        }
        Path sbatch = onPath("sbatch");
        if (sbatch == null) {
            throw new UserInputException("sbatch is not on the PATH: run this on a Slurm login node (or use "
                    + "--dry-run to see the script)");
        }
        SweepLedger.recordSweep(new SweepDirectory(dir), plan, tasks, "--tasks " + tasks, reshard);
        Files.createDirectories(dir.resolve(SlurmScript.LOG_DIR));
        Path file = dir.resolve(SlurmScript.FILE);
        Files.writeString(file, script.render());
        file.toFile().setExecutable(true);
        Process p = new ProcessBuilder(sbatch.toString(), "--parsable", file.toString()).redirectErrorStream(true)
                .start();
        p.getOutputStream().close();
        String answer = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            String line = answer.isEmpty() ? "no output" : answer.lines().reduce((a, b) -> b).orElse(answer);
            throw new UserInputException("sbatch " + file + " failed: " + line);
        }
        String jobId = answer.lines().reduce((a, b) -> b).orElse(answer).split(";")[0].strip();
        stdout.printf("submitted Slurm array job %s: %d tasks, %d runs in %d batched jobs, into %s%n", jobId, tasks,
                plan.runs().size(), jobs, dir);
        stdout.printf("  script: %s%n", file);
        stdout.printf("  watch:  squeue -j %s   and   %s sweep status %s%n", jobId, script.launcher(), dir);
        stdout.printf("  logs:   %s%n", dir.resolve(SlurmScript.LOG_DIR).resolve("slurm-" + jobId + "_*.log"));
        stdout.printf("  stop:   scancel %s   (submit again to resume)%n", jobId);
        stdout.flush();
        return 0;
    }

    private Path launcher() {
        Path l = launcher;
        if (l == null) {
            String env = System.getenv("SCALELAB_LAUNCHER");
            if (env == null || env.isBlank()) {
                throw new UserInputException("--launcher: not run through the scalelab script ($SCALELAB_LAUNCHER "
                        + "is unset); give the launcher's path with --launcher");
            }
            l = Path.of(env);
        }
        Path abs = l.toAbsolutePath().normalize();
        UserInputException.require(Files.isExecutable(abs), "--launcher " + l + ": not an executable file");
        return abs;
    }

    static Path onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        List<String> dirs = new ArrayList<>(List.of(path.split(java.io.File.pathSeparator)));
        for (String d : dirs) {
            Path p = Path.of(d.isEmpty() ? "." : d, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
