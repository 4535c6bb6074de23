package dev.scalelab.cli.cluster;

import dev.scalelab.cli.CliRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Job;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sweep submit slurm --dry-run, sweep emit k8s (validated against the Kubernetes API's schemas), bad input. */
class ClusterCommandsTest {
    private static final String CONFIG = """
            name: cluster
            parameters:
              width: {values: [3, 5]}
              seed: {values: [1, 2]}
            task: {kind: random_regression, n: 16, d: 3, test_size: 8}
            train: {steps: 20, log_every: 10}
            """;

    private static Path config(Path tmp) throws IOException {
        Path config = tmp.resolve("cluster.yaml");
        Files.writeString(config, CONFIG);
        return config;
    }

    @Test
    void slurmDryRunPrintsTheArrayScript(@TempDir Path tmp) throws IOException {
        Path config = config(tmp);
        Path launcher = tmp.resolve("scalelab");
        Files.writeString(launcher, "#!/bin/sh\n");
        assertTrue(launcher.toFile().setExecutable(true));
        Path out = tmp.resolve("sweep");
        CliRun r = CliRun.of("sweep", "submit", "slurm", config.toString(), "--out", out.toString(), "--tasks", "2",
                "--gpus-per-task", "1", "--partition", "gpu", "--time", "2:00:00", "--cpus-per-task", "8",
                "--launcher", launcher.toString(), "-o", "lr=0.1", "--dry-run");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("#!/bin/bash", lines.get(0));
        for (String l : List.of("#SBATCH --array=0-1", "#SBATCH --gpus-per-task=1", "#SBATCH --partition=gpu",
                "#SBATCH --time=2:00:00", "#SBATCH --cpus-per-task=8", "#SBATCH --requeue",
                "#SBATCH --output=" + out + "/logs/slurm-%A_%a.log", "#SBATCH --job-name=scalelab-cluster")) {
            assertTrue(lines.contains(l), l + " in\n" + r.out());
        }
        assertTrue(lines.contains("exec " + launcher + " sweep run " + config + " --out " + out
                + " --shard auto -o lr=0.1"), r.out());
        assertFalse(Files.exists(out), "a dry run writes nothing");
        // No --gpus-per-task etc.: no such lines.
        CliRun plain = CliRun.of("sweep", "submit", "slurm", config.toString(), "--out", out.toString(), "--tasks", "3",
                "--launcher", launcher.toString(), "--dry-run");
        assertFalse(plain.out().contains("--gpus-per-task") || plain.out().contains("--partition"), plain.out());
        assertTrue(plain.err().contains("note: 3 tasks for 2 batched jobs: 1 tasks will find nothing to do"),
                plain.err());
    }

    @Test
    void badClusterInputIsOneLineErrors(@TempDir Path tmp) throws IOException {
        Path config = config(tmp);
        Path launcher = tmp.resolve("scalelab");
        Files.writeString(launcher, "#!/bin/sh\n");
        assertTrue(launcher.toFile().setExecutable(true));
        String out = tmp.resolve("o").toString();
        String l = launcher.toString();
        expectError("error: --tasks must be at least 1, got 0", "sweep", "submit", "slurm", config.toString(),
                "--out", out, "--tasks", "0", "--launcher", l, "--dry-run");
        expectError("error: --time 2h: expected a Slurm time limit (MM, HH:MM:SS, D-HH, D-HH:MM:SS, ...)", "sweep",
                "submit", "slurm", config.toString(), "--out", out, "--tasks", "2", "--time", "2h", "--launcher", l,
                "--dry-run");
        expectError("error: --launcher " + tmp.resolve("nope") + ": not an executable file", "sweep", "submit",
                "slurm", config.toString(), "--out", out, "--tasks", "2", "--launcher", tmp.resolve("nope").toString(),
                "--dry-run");
        expectError("error: --out " + tmp.resolve("my sweep") + ": the #SBATCH --output line cannot hold a path "
                + "with spaces, quotes, % or \\; choose another directory", "sweep", "submit", "slurm",
                config.toString(), "--out", tmp.resolve("my sweep").toString(), "--tasks", "2", "--launcher", l,
                "--dry-run");
        expectError("error: --image : not a container image reference", "sweep", "emit", "k8s", config.toString(),
                "--tasks", "2", "--image", "");
        expectError("error: --out /elsewhere/x: must lie on the shared volume mounted at /sweeps", "sweep", "emit",
                "k8s", config.toString(), "--tasks", "2", "--image", "img", "--out", "/elsewhere/x");
        expectError("error: --shard 4/4: need 0 <= I < N (shards are numbered from 0)", "sweep", "run",
                config.toString(), "--out", out, "--shard", "4/4");
        expectError("error: --reshard needs --shard I/N", "sweep", "run", config.toString(), "--out", out,
                "--reshard");
    }

    private static void expectError(String line, String... args) {
        CliRun r = CliRun.of(args);
        assertEquals(2, r.code(), r.out() + r.err());
        assertEquals(line, r.err().strip());
    }

    @Test
    void k8sManifestIsAValidIndexedJob(@TempDir Path tmp) throws IOException {
        Path config = config(tmp);
        Path file = tmp.resolve("job.yaml");
        CliRun r = CliRun.of("sweep", "emit", "k8s", config.toString(), "--tasks", "2", "--image",
                "registry.example/scalelab:cuda", "--gpus-per-task", "1", "--file", file.toString(), "-o", "lr=0.1",
                "--namespace", "research");
        assertEquals(0, r.code(), r.err());
        List<JsonNode> docs = new ArrayList<>();
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        try (YAMLParser p = new YAMLFactory().createParser(file.toFile())) {
            docs.addAll(yaml.readValues(p, JsonNode.class).readAll());
        }
        assertEquals(2, docs.size());
        // The Kubernetes API's own generated models: unknown fields and missing required fields throw.
        JsonObject cmJson = JsonParser.parseString(docs.get(0).toString()).getAsJsonObject();
        V1ConfigMap.validateJsonObject(cmJson);
        JsonObject jobJson = JsonParser.parseString(docs.get(1).toString()).getAsJsonObject();
        V1Job.validateJsonObject(jobJson);
        V1Job job = V1Job.fromJson(docs.get(1).toString());
        assertEquals("batch/v1", job.getApiVersion());
        assertEquals("Indexed", job.getSpec().getCompletionMode());
        assertEquals(2, job.getSpec().getCompletions());
        assertEquals(2, job.getSpec().getParallelism());
        assertEquals("research", job.getMetadata().getNamespace());
        var pod = job.getSpec().getTemplate().getSpec();
        var c = pod.getContainers().get(0);
        assertEquals("registry.example/scalelab:cuda", c.getImage());
        assertEquals(List.of("sweep", "run", "/etc/scalelab/sweep.yaml", "--out", "/sweeps/cluster", "--shard",
                "auto/2", "-o", "lr=0.1"), c.getArgs());
        assertEquals("1", c.getResources().getLimits().get("nvidia.com/gpu").toSuffixedString());
        assertEquals("scalelab-sweeps", pod.getVolumes().get(0).getPersistentVolumeClaim().getClaimName());
        assertEquals("/sweeps", c.getVolumeMounts().get(0).getMountPath());
        V1ConfigMap cm = V1ConfigMap.fromJson(docs.get(0).toString());
        assertEquals(CONFIG, cm.getData().get("sweep.yaml"), "the config travels verbatim");
        assertEquals(cm.getMetadata().getName(), pod.getVolumes().get(1).getConfigMap().getName());

        // A field the schema lacks is caught: the check is not vacuous.
        jobJson.getAsJsonObject("spec").addProperty("completionsMode", "Indexed");
        assertThrows(IllegalArgumentException.class, () -> V1Job.validateJsonObject(jobJson));
    }
}
