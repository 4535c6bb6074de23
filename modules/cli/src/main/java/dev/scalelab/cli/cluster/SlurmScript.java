package dev.scalelab.cli.cluster;

import dev.scalelab.core.UserInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The sbatch script of a sharded sweep: a job array of {@code tasks} tasks, each running {@code sweep run
 * --shard auto} (its shard from SLURM_ARRAY_TASK_ID) into the shared sweep directory, with per-task logs in
 * {@code <out>/logs/} and {@code --requeue} (a preempted or requeued task resumes its own shard: finished runs are
 * skipped). {@code gpusPerTask}, {@code cpusPerTask} (0: not set), {@code partition} and {@code time} (null: not
 * set) become #SBATCH lines. {@code runArgs}: what follows {@code sweep run} after CONFIG.
 */
public record SlurmScript(String jobName, Path launcher, Path config, Path out, int tasks, int gpusPerTask,
                          int cpusPerTask, String partition, String time, List<String> runArgs) {
    private static final Pattern TIME = Pattern.compile("\\d+(-\\d+)?(:\\d+){0,2}|UNLIMITED|INFINITE");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.,-]+");
    /** Where the tasks' logs go, inside the sweep directory. */
    public static final String LOG_DIR = "logs";
    public static final String FILE = "sweep.sbatch";

    public SlurmScript {
        UserInputException.require(tasks >= 1, "--tasks must be at least 1, got " + tasks);
        UserInputException.require(gpusPerTask >= 0, "--gpus-per-task must be at least 1, got " + gpusPerTask);
        UserInputException.require(cpusPerTask >= 0, "--cpus-per-task must be at least 1, got " + cpusPerTask);
        UserInputException.require(partition == null || NAME.matcher(partition).matches(),
                "--partition " + partition + ": not a Slurm partition name");
        UserInputException.require(time == null || TIME.matcher(time).matches(), "--time " + time
                + ": expected a Slurm time limit (MM, HH:MM:SS, D-HH, D-HH:MM:SS, ...)");
        UserInputException.require(launcher.isAbsolute() && config.isAbsolute() && out.isAbsolute(),
                "launcher, config and --out must be absolute paths (the tasks run elsewhere)");
        UserInputException.require(!out.toString().matches(".*[\\s'\"%\\\\].*"), "--out " + out
                + ": the #SBATCH --output line cannot hold a path with spaces, quotes, % or \\; choose another "
                + "directory");
        runArgs = List.copyOf(runArgs);
    }

    /** The log file pattern of the tasks (%A: array job id, %a: task id). */
    public Path logPattern() {
        return out.resolve(LOG_DIR).resolve("slurm-%A_%a.log");
    }

    public String render() {
        List<String> lines = new ArrayList<>();
        lines.add("#!/bin/bash");
        lines.add("#SBATCH --job-name=" + ShellQuote.word(jobName));
        lines.add("#SBATCH --array=0-" + (tasks - 1));
        lines.add("#SBATCH --ntasks=1");
        if (cpusPerTask > 0) {
            lines.add("#SBATCH --cpus-per-task=" + cpusPerTask);
        }
        if (gpusPerTask > 0) {
            lines.add("#SBATCH --gpus-per-task=" + gpusPerTask);
        }
        if (partition != null) {
            lines.add("#SBATCH --partition=" + partition);
        }
        if (time != null) {
            lines.add("#SBATCH --time=" + time);
        }
        lines.add("#SBATCH --output=" + logPattern());
        lines.add("#SBATCH --open-mode=append");
        lines.add("#SBATCH --requeue");
        lines.add("# Written by scalelab sweep submit slurm: one shard of the sweep per array task, all into one");
        lines.add("# directory. A requeued task skips the runs its shard finished before. Resubmit to resume.");
        lines.add("set -euo pipefail");
        lines.add("echo \"scalelab: array task ${SLURM_ARRAY_TASK_ID} of ${SLURM_ARRAY_TASK_COUNT} (job "
                + "${SLURM_JOB_ID}, restart ${SLURM_RESTART_COUNT:-0}) on $(hostname) at $(date -u +%FT%TZ)\"");
        List<String> cmd = new ArrayList<>(List.of(launcher.toString(), "sweep", "run", config.toString(), "--out",
                out.toString(), "--shard", "auto"));
        cmd.addAll(runArgs);
        lines.add("exec " + ShellQuote.words(cmd));
        return String.join("\n", lines) + "\n";
    }
}
