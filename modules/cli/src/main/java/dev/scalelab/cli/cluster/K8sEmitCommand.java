package dev.scalelab.cli.cluster;

import dev.scalelab.core.UserInputException;
import dev.scalelab.engine.sweep.SweepPlan;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scalelab sweep emit k8s CONFIG --tasks N --image IMAGE}: an Indexed Job manifest on stdout or --file. */
@Command(name = "k8s", mixinStandardHelpOptions = true,
        description = {"Write a Kubernetes manifest (a ConfigMap with the config, and an Indexed Job: completions = "
                + "parallelism = N, one shard per index, the sweep directory on a shared volume claim). Apply it "
                + "with kubectl apply -f FILE."})
public final class K8sEmitCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private SweepArgs sweep;

    @Option(names = "--tasks", required = true, paramLabel = "N", description = "indexes = shards")
    private int tasks;

    @Option(names = "--image", required = true, paramLabel = "IMAGE",
            description = "container image whose entrypoint is scalelab (docker/Dockerfile.cpu or .cuda)")
    private String image;

    @Option(names = "--gpus-per-task", paramLabel = "G", defaultValue = "0",
            description = "nvidia.com/gpu limit per pod (default: none)")
    private int gpusPerTask;

    @Option(names = "--pvc", paramLabel = "CLAIM", defaultValue = "scalelab-sweeps",
            description = "PersistentVolumeClaim (ReadWriteMany) holding the sweep directory (default "
                    + "${DEFAULT-VALUE})")
    private String claim;

    @Option(names = "--mount", paramLabel = "PATH", defaultValue = "/sweeps",
            description = "where the claim is mounted in the pods (default ${DEFAULT-VALUE})")
    private String mount;

    @Option(names = "--out", paramLabel = "DIR", description = "sweep directory inside the pods (default: "
            + "MOUNT/<sweep name>)")
    private String out;

    @Option(names = "--name", paramLabel = "NAME", description = "Job name (default: scalelab-<sweep name>)")
    private String name;

    @Option(names = "--namespace", paramLabel = "NS", description = "namespace of the Job and ConfigMap")
    private String namespace;

    @Option(names = "--retries", paramLabel = "R", defaultValue = "3",
            description = "retries per index (backoffLimitPerIndex; default ${DEFAULT-VALUE})")
    private int retries;

    @Option(names = "--file", paramLabel = "FILE", description = "write the manifest here instead of stdout")
    private Path file;

    @Override
    public Integer call() throws IOException {
        SweepPlan plan = sweep.plan();
        UserInputException.require(retries >= 0, "--retries must be at least 0, got " + retries);
        String sweepName = sweep.name(plan);
        String jobName = name != null ? name : "scalelab-" + sweepName.toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9-]+", "-").replaceAll("(^-+|-+$)", "");
        String m = mount.endsWith("/") && mount.length() > 1 ? mount.substring(0, mount.length() - 1) : mount;
        String dir = out != null ? out : m + "/" + sweepName;
        K8sJob job = new K8sJob(jobName, image, Files.readString(sweep.config), tasks, gpusPerTask, claim, m, dir,
                namespace, retries, sweep.runArgs(gpusPerTask));
        String text = job.render();
        int jobs = sweep.jobs(plan);
        if (tasks > jobs) {
            spec.commandLine().getErr().printf("note: %d tasks for %d batched jobs: %d pods will find nothing to "
                    + "do%n", tasks, jobs, tasks - jobs);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        if (file != null) {
            Files.writeString(file, text);
            stdout.printf("wrote %s: Indexed Job %s, %d pods, %d runs in %d batched jobs, into %s on claim %s%n",
                    file, jobName, tasks, plan.runs().size(), jobs, dir, claim);
            stdout.printf("  kubectl apply -f %s; kubectl get pods -l scalelab/sweep=%s; then scalelab sweep status "
                    + "on the volume%n", file, jobName);
        } else {
            stdout.print(text);
        }
        stdout.flush();
        return 0;
    }
}
