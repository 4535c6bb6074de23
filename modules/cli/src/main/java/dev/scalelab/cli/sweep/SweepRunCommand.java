package dev.scalelab.cli.sweep;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scalelab.core.UserInputException;
import dev.scalelab.core.config.ConfigFields;
import dev.scalelab.core.config.Overrides;
import dev.scalelab.core.config.SweepConfig;
import dev.scalelab.core.config.SweepConfigLoader;
import dev.scalelab.core.run.Invocation;
import dev.scalelab.core.run.OutputPaths;
import dev.scalelab.core.run.RunLogs;
import dev.scalelab.core.task.TaskFactory;
import dev.scalelab.engine.sweep.Shard;
import dev.scalelab.engine.sweep.SweepPlan;
import dev.scalelab.engine.sweep.SweepResult;
import dev.scalelab.engine.sweep.SweepRunner;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code scalelab sweep run CONFIG}: expands the config and runs what is not complete yet. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a sweep. Runs whose summary.json exists are skipped, so running the same command again "
                + "resumes after a crash or kill. Runs that share a shape train batched as K models of one job.",
            "Exit code: 0 when no run failed (diverged runs are results, not failures), 1 when a run failed, "
                + "2 on a bad config or option."})
public final class SweepRunCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONFIG", description = "sweep config (YAML), e.g. configs/memorization.yaml")
    private Path config;

    @Option(names = "--out", paramLabel = "DIR",
            description = "sweep directory (default: runs/<config name>); rerun with the same DIR to resume")
    private Path out;

    @Option(names = {"-o", "--override"}, paramLabel = "KEY=VALUES",
            description = "Hydra-style override: -o width=64,128,256 sweeps, -o lr=0.01 fixes (repeatable)")
    private List<String> overrides = new ArrayList<>();

    @Option(names = "--workers", paramLabel = "N", defaultValue = "1",
            description = "jobs run in parallel, each on its own backend (default ${DEFAULT-VALUE})")
    private int workers;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "native threads per op; 0: automatic (1 for tiny models, else cores / workers)")
    private int threads;

    @Option(names = "--max-models", paramLabel = "K", defaultValue = "256",
            description = "most runs batched into one job (default ${DEFAULT-VALUE})")
    private int maxModels;

    @Option(names = "--backend", paramLabel = "NAME", description = "compute backend: cpu (alias nd4j), cuda, "
            + "cuda-tf32, cuda-bf16 (NVIDIA GPUs; see docs/cuda.md); overrides the config's backend")
    private String backend;

    @Option(names = "--retry-failed", description = "run again the runs that failed (with an exception) before")
    private boolean retryFailed;

    @Option(names = "--fsync", description = "fsync every summary.json before its rename (survives power cuts; "
            + "costs milliseconds per run; kill -9 safety does not need it)")
    private boolean fsync;

    @Option(names = "--shard", paramLabel = "I/N", description = "run only shard I (from 0) of N of the sweep's "
            + "jobs, beside the other shards in the same --out; auto: from a Slurm array task (SLURM_ARRAY_TASK_ID "
            + "minus SLURM_ARRAY_TASK_MIN of SLURM_ARRAY_TASK_COUNT); auto/N: from JOB_COMPLETION_INDEX (Kubernetes "
            + "indexed Job). See docs/cluster.md")
    private String shard;

    @Option(names = "--reshard", description = "with --shard: allow an N other than the directory's (its unfinished "
            + "runs are dealt anew; stop the old shards first)")
    private boolean reshard;

    @Option(names = "--devices", paramLabel = "LIST", description = "run one worker per GPU, pinned (each with "
            + "its own context, stream and memory budget), each job on whichever GPU frees first: device numbers "
            + "as the driver shows them (after CUDA_VISIBLE_DEVICES), e.g. 0,1,3, or all; needs a GPU backend")
    private String devices;

    @Option(names = "--json", description = "print the result as one JSON document on stdout")
    private boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        UserInputException.require(maxModels >= 1, "--max-models must be at least 1, got " + maxModels);
        UserInputException.require(workers >= 1, "--workers must be at least 1, got " + workers);
        UserInputException.require(threads >= 0, "--threads must be 0 (automatic) or more, got " + threads);
        List<String> all = overridesWithBackend(overrides, backend);
        if (reshard && shard == null) {
            throw new UserInputException("--reshard needs --shard I/N");
        }
        Shard share = shard == null ? null : Shard.parse(shard, System.getenv());
        List<Integer> pinned = devices == null ? null : parseDevices(devices);
        if (pinned != null && spec.commandLine().getParseResult().hasMatchedOption("--workers")) {
            throw new UserInputException("--workers with --devices: --devices runs one worker per device");
        }
        SweepConfig sweep = Overrides.apply(SweepConfigLoader.load(config), all);
        SweepPlan plan = SweepPlan.of(sweep, all);
        Path dir = out != null ? out : Path.of("runs", defaultName(sweep));
        OutputPaths.check(dir, "--out"); // created by the runner, once the backend is known to work
        String command = Invocation.of(spec.commandLine().getParseResult().originalArgs());
        ProgressDisplay progress = new ProgressDisplay(stderr, System.console() != null, 10);
        SweepRunner runner = new SweepRunner(new SweepRunner.Options(dir, workers, threads, maxModels, retryFailed, fsync,
                command).withShard(share, reshard).withDevices(pinned), progress, TaskFactory.withDefaultDataDir());
        // Ctrl-C (SIGINT) or a scheduler's SIGTERM: say what is kept and how to go on.
        Thread onInterrupt = new Thread(() -> {
            stderr.println();
            stderr.println("sweep: interrupted; every run with a summary.json in " + dir + " is kept (runs in "
                    + "flight are redone): run the same command again to resume");
            stderr.flush();
        }, "sweep-interrupted");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        SweepResult r;
        try {
            r = runner.run(plan);
        } finally {
            Runtime.getRuntime().removeShutdownHook(onInterrupt);
        }
        if (json) {
            ObjectNode o = RunLogs.JSON.createObjectNode();
            o.put("out", dir.toString());
            if (share != null) {
                o.put("shard", share.label());
                o.put("shard_source", share.source());
            }
            o.put("total", r.total());
            o.put("skipped", r.skipped());
            o.put("ran", r.ran());
            o.put("jobs", r.jobs());
            o.set("counts", RunLogs.JSON.valueToTree(r.counts()));
            o.set("failures", RunLogs.JSON.valueToTree(r.failures()));
            o.put("wall_seconds", r.wallSeconds());
            o.put("exit_code", r.exitCode());
            stdout.print(new String(RunLogs.pretty(o), StandardCharsets.UTF_8));
        } else {
            stdout.printf("sweep %s%s: %d runs (%d complete before, %d run in %d jobs) in %.1f s: %s%n", dir,
                    share == null ? "" : " shard " + share.label() + " (from " + share.source() + ")", r.total(),
                    r.skipped(), r.ran(), r.jobs(), r.wallSeconds(), ProgressDisplay.counts(r.counts()));
            for (String f : r.failures()) {
                stdout.println((f.contains(": not run, left pending: ") ? "  pending " : "  failed ") + f);
            }
        }
        stdout.flush();
        return r.exitCode();
    }

    /** {@code all} (empty: every device) or distinct device numbers {@code 0,1,3}. */
    static List<Integer> parseDevices(String text) {
        if (text.strip().equals("all")) {
            return List.of();
        }
        List<Integer> out = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            int d;
            try {
                d = Integer.parseInt(part.strip());
            } catch (NumberFormatException e) {
                d = -1;
            }
            if (d < 0 || out.contains(d)) {
                throw new UserInputException("--devices " + text + ": expected distinct device numbers like 0,1,3, "
                        + "or all");
            }
            out.add(d);
        }
        return out;
    }

    private String defaultName(SweepConfig sweep) {
        if (sweep.name() != null && sweep.name().matches("[A-Za-z0-9._-]+")) {
            return sweep.name();
        }
        String file = config.getFileName().toString();
        int dot = file.lastIndexOf('.');
        return dot > 0 ? file.substring(0, dot) : file;
    }

    /** The {@code -o} overrides with {@code --backend}, if given, folded in as one more override. */
    public static List<String> overridesWithBackend(List<String> overrides, String backend) {
        List<String> all = new ArrayList<>(overrides);
        if (backend != null) {
            try {
                all.add("backend=" + ConfigFields.backendId(backend));
            } catch (UserInputException e) {
                throw new UserInputException("--backend: " + e.getMessage());
            }
        }
        return all;
    }
}
